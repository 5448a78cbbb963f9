import { z } from 'zod';

/** CloudEvent types an assessment (grading) system sends to session-manager. */
export const AssessmentEventTypes = {
  collectionCompleted: 'io.lcm.assessment.collection-completed.v1',
  gradingCompleted: 'io.lcm.assessment.grading-completed.v1',
} as const;

export const CollectionCompletedSchema = z.object({ sessionId: z.string() });
export const GradingCompletedSchema = z.object({ sessionId: z.string(), score: z.number() });
