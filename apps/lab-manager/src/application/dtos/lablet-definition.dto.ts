import type {
  LabletDefinition,
  LabletDefinitionHistoryEntry,
} from '../../domain/entities/lablet-definition.aggregate';
import type { LabletDefinitionSummary } from '../../domain/entities/lablet-definition-summary';

/** A lablet definition version as the API returns it. */
export type LabletDefinitionDto = Omit<LabletDefinitionSummary, 'definitionId'> & {
  id: string;
  topologyYaml: string;
  topologyHash: string;
  createdAt: string;
  createdBy: string;
  /** Who created, enabled or disabled it, and when (oldest first). */
  history: readonly LabletDefinitionHistoryEntry[];
};

/** Maps the aggregate to its API shape. */
export function toLabletDefinitionDto(definition: LabletDefinition): LabletDefinitionDto {
  const { definitionId, ...summary } = definition.summary();
  const { topologyYaml, topologyHash, createdAt, createdBy } = definition.state;
  return {
    id: definitionId,
    ...summary,
    topologyYaml,
    topologyHash,
    createdAt,
    createdBy,
    history: definition.history,
  };
}
