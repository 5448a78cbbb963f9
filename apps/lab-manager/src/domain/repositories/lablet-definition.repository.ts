import { Repository } from '@lcm/neuro-core/domain';
import type { LabletDefinition } from '../entities/lablet-definition.aggregate';

/** Where lablet definition versions live (one document per version). */
export abstract class LabletDefinitionRepository extends Repository<LabletDefinition> {}

/** DI token of the LabletDefinitionRepository. */
export const LABLET_DEFINITION_REPOSITORY = Symbol.for('lcm.LabletDefinitionRepository');
