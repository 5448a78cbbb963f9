import { ControllerBase, RawResponse, type RouteContext, del, get, post, roles } from '@lcm/neuro-core';
import { z } from 'zod';
import { RequestLabOperationCommand } from '../../application/commands/request-lab-operation.command';
import { GetLabRecordCredentialsQuery } from '../../application/queries/get-lab-record-credentials.query';
import { GetLabRecordTopologyQuery } from '../../application/queries/get-lab-record-topology.query';
import { GetLabRecordQuery } from '../../application/queries/get-lab-record.query';
import { GetLabRecordsQuery } from '../../application/queries/get-lab-records.query';
import { LAB_RECORD_STATUSES } from '../../domain/entities/lab-record-status';

const byId = { params: z.object({ id: z.string().min(1) }) } as const;
const listing = {
  query: z.object({ workerId: z.string().optional(), status: z.enum(LAB_RECORD_STATUSES).optional() }),
  summary: 'List lab records, optionally of one worker and in one status',
} as const;
const operation = (summary: string) => ({ ...byId, status: 202, summary }) as const;

/** `/api/lab-records`: the CML labs LCM manages (read: manager; manual operations: admin). */
export class LabRecordsController extends ControllerBase {
  @get('/', listing)
  @roles('manager', 'admin')
  list({ query }: RouteContext<typeof listing>) {
    return this.mediator.execute(new GetLabRecordsQuery(query.workerId, query.status));
  }

  @get('/:id', { ...byId, summary: 'One lab record (never its CML password)' })
  @roles('manager', 'admin')
  read({ params }: RouteContext<typeof byId>) {
    return this.mediator.execute(new GetLabRecordQuery(params.id));
  }

  @get('/:id/topology', { ...byId, summary: 'The topology YAML exactly as imported into CML' })
  @roles('manager', 'admin')
  async topology({ params }: RouteContext<typeof byId>) {
    const result = await this.mediator.execute(new GetLabRecordTopologyQuery(params.id));
    return result.ok ? new RawResponse((res) => res.type('application/yaml').send(result.value)) : result;
  }

  /**
   * The session user's CML credentials, for session-manager's access endpoint (service tokens only):
   * the one place the password leaves lab-manager.
   */
  @get('/:id/credentials', { ...byId, summary: "The session user's CML credentials (service role only)" })
  @roles('service')
  credentials({ params }: RouteContext<typeof byId>) {
    return this.mediator.execute(new GetLabRecordCredentialsQuery(params.id));
  }

  @post('/:id/start', operation('Start the lab in CML (202; done by a job)'))
  @roles('admin')
  start({ params }: RouteContext<typeof byId>) {
    return this.mediator.execute(new RequestLabOperationCommand(params.id, 'start'));
  }

  @post('/:id/stop', operation('Stop the lab in CML (202; done by a job)'))
  @roles('admin')
  stop({ params }: RouteContext<typeof byId>) {
    return this.mediator.execute(new RequestLabOperationCommand(params.id, 'stop'));
  }

  @post('/:id/wipe', operation('Wipe the stopped lab in CML (202; done by a job)'))
  @roles('admin')
  wipe({ params }: RouteContext<typeof byId>) {
    return this.mediator.execute(new RequestLabOperationCommand(params.id, 'wipe'));
  }

  @del('/:id', operation('Stop, wipe and delete the lab in CML and free its ports (202; done by a job)'))
  @roles('admin')
  remove({ params }: RouteContext<typeof byId>) {
    return this.mediator.execute(new RequestLabOperationCommand(params.id, 'delete'));
  }
}
