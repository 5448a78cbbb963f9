import { cloudevent } from '@lcm/neuro-core/domain';
import { LabletDefinitionSnapshotEvent } from './lablet-definition-snapshot.event';

/** A lablet definition version was enabled or disabled. */
@cloudevent('io.lcm.lablet-definition.updated.v1')
export class LabletDefinitionUpdated extends LabletDefinitionSnapshotEvent {}
