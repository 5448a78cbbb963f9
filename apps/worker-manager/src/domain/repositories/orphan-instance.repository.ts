import { Repository } from '@lcm/neuro-core/domain';
import type { OrphanInstance } from '../entities/orphan-instance.aggregate';

/** Storage of orphan instances found in EC2, keyed by instance id. The host builds the in-memory or MongoDB implementation and binds it to the token. */
export abstract class OrphanInstanceRepository extends Repository<OrphanInstance> {}

/** DI token of the OrphanInstanceRepository. */
export const ORPHAN_INSTANCE_REPOSITORY = Symbol.for('lcm.OrphanInstanceRepository');
