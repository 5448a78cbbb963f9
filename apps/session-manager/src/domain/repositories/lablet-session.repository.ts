import type { Repository } from '@lcm/neuro-core/domain';
import type { LabletSession } from '../entities/lablet-session.aggregate';

/** Where lablet sessions live. */
export type LabletSessionRepository = Repository<LabletSession>;
/** DI token of the LabletSessionRepository. */
export const LABLET_SESSION_REPOSITORY = Symbol.for('lcm.LabletSessionRepository');
