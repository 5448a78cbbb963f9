import { cloudevent } from '@lcm/neuro-core/domain';
import { WorkerTemplateEvent } from './worker-template.event-base';

/** A worker template is no longer used for new workers. */
@cloudevent('io.lcm.worker-template.disabled.v1')
export class WorkerTemplateDisabled extends WorkerTemplateEvent {}
