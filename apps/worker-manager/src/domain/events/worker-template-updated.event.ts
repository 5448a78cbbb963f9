import { cloudevent } from '@lcm/neuro-core/domain';
import { WorkerTemplateEvent } from './worker-template.event-base';

/** A worker template changed. */
@cloudevent('io.lcm.worker-template.updated.v1')
export class WorkerTemplateUpdated extends WorkerTemplateEvent {}
