import type { Repository } from '@lcm/neuro-core/domain';
import type { CapacityShortfall } from '../entities/capacity-shortfall.aggregate';

/** Open capacity requests per licence type and region. */
export type CapacityShortfallRepository = Repository<CapacityShortfall>;
/** DI token of the CapacityShortfallRepository. */
export const CAPACITY_SHORTFALL_REPOSITORY = Symbol.for('lcm.CapacityShortfallRepository');
