import { cloudevent } from '@lcm/neuro-core/domain';
import { LabletDefinitionSnapshotEvent } from './lablet-definition-snapshot.event';

/** A lablet definition version was added. */
@cloudevent('io.lcm.lablet-definition.created.v1')
export class LabletDefinitionCreated extends LabletDefinitionSnapshotEvent {}
