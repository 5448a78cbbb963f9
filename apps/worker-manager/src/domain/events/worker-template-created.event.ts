import { cloudevent } from '@lcm/neuro-core/domain';
import { WorkerTemplateEvent } from './worker-template.event-base';

/** A worker template was added. */
@cloudevent('io.lcm.worker-template.created.v1')
export class WorkerTemplateCreated extends WorkerTemplateEvent {}
