import type { QueryParams } from '../protocol/query-params';
import type { XmlObject } from '../protocol/to-xml';
import type { Ec2ActionContext } from './ec2-action-context';

/**
 * One EC2 Query action: reads its parameters, changes or reads state, and returns the body of its
 * `<ActionResponse>` (without `requestId`). Synchronous: the handler has already settled the lifecycle,
 * and actions run one at a time.
 */
export type Ec2Action = (params: QueryParams, context: Ec2ActionContext) => XmlObject;
