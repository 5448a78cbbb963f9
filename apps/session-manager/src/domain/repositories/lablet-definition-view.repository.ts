import type { Repository } from '@lcm/neuro-core/domain';
import type { LabletDefinitionView } from '../entities/lablet-definition-view.aggregate';

/** The lablet definition read model, one document per definition version (id = definitionId). */
export type LabletDefinitionViewRepository = Repository<LabletDefinitionView>;
/** DI token of the LabletDefinitionViewRepository. */
export const LABLET_DEFINITION_VIEW_REPOSITORY = Symbol.for('lcm.LabletDefinitionViewRepository');
