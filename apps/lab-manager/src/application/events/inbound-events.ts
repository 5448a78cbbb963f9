import {
  SessionEventTypes,
  SessionSnapshotSchema,
  WorkerEventTypes,
  WorkerSnapshotSchema,
} from '@lcm/contracts';
import { type Failure, forEachType, forwardEvents } from '@lcm/neuro-core';
import type { z } from 'zod';
import { RecordWorkerSnapshotCommand } from '../commands/record-worker-snapshot.command';
import { RequestLabReleaseCommand } from '../commands/request-lab-release.command';
import { RequestLabStartCommand } from '../commands/request-lab-start.command';
import { ReserveSessionLabCommand } from '../commands/reserve-session-lab.command';

/**
 * A placed session (it has a workerId) has a lab record here; a 404 means its `session.scheduled` is
 * still on its way (deliveries are concurrent, not ordered), so the sender delivers this one again
 * later instead of losing a start or a release. A session never placed (e.g. cancelled while PENDING)
 * has no lab to wait for: its 404 is acknowledged.
 */
function overtookScheduled(refusal: Failure, session: z.infer<typeof SessionSnapshotSchema>): boolean {
  return refusal.status === 404 && !!session.workerId;
}

/**
 * Every CloudEvent lab-manager consumes, and the command each one runs: session events record what the
 * session's lab should do (the CML work runs as jobs), and worker events keep the worker read model
 * (each carries the whole worker snapshot) that tells where a worker's CML is.
 */
export const LabManagerInboundEvents = forwardEvents('LabManagerInboundEvents', {
  [SessionEventTypes.scheduled]: {
    schema: SessionSnapshotSchema,
    toCommand: (session) =>
      session.workerId
        ? new ReserveSessionLabCommand(
            session.sessionId,
            session.workerId,
            session.definitionId,
            session.definitionName,
            session.definitionVersion,
          )
        : 'a scheduled session without a workerId has no worker to reserve a lab on',
  },
  [SessionEventTypes.instantiating]: {
    schema: SessionSnapshotSchema,
    toCommand: (session) => new RequestLabStartCommand(session.sessionId, session.workerId),
    retryRefusal: overtookScheduled,
  },
  // Stopping, and a session cancelled after placement, given up on or placed again elsewhere (requeued,
  // naming the worker it leaves), all give the lab back.
  ...forEachType(
    [
      SessionEventTypes.stopping,
      SessionEventTypes.cancelled,
      SessionEventTypes.failed,
      SessionEventTypes.requeued,
    ],
    {
      schema: SessionSnapshotSchema,
      toCommand: (session) => new RequestLabReleaseCommand(session.sessionId, session.workerId),
      retryRefusal: overtookScheduled,
    },
  ),
  ...forEachType(
    [
      WorkerEventTypes.created,
      WorkerEventTypes.statusChanged,
      WorkerEventTypes.endpointChanged,
      WorkerEventTypes.draining,
      WorkerEventTypes.drainCancelled,
      WorkerEventTypes.terminated,
    ],
    {
      schema: WorkerSnapshotSchema,
      toCommand: (worker, { time }) =>
        new RecordWorkerSnapshotCommand({
          workerId: worker.workerId,
          status: worker.status,
          httpsEndpoint: worker.httpsEndpoint,
          licenseType: worker.licenseType,
          templateName: worker.templateName,
          region: worker.region,
          lastEventAt: time.toISOString(),
        }),
    },
  ),
});
