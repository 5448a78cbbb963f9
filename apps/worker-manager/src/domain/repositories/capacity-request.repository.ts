import { Repository } from '@lcm/neuro-core/domain';
import type { CapacityRequest } from '../entities/capacity-request.aggregate';

/** Storage of handled capacity request ids. The host builds the in-memory or MongoDB implementation and binds it to the token. */
export abstract class CapacityRequestRepository extends Repository<CapacityRequest> {}

/** DI token of the CapacityRequestRepository. */
export const CAPACITY_REQUEST_REPOSITORY = Symbol.for('lcm.CapacityRequestRepository');
