import { CliError } from '../cli-error';
import { type CliContext, print } from '../cli-context';
import { renderRecord, renderTable } from '../table';

interface Worker {
  id: string;
  name: string;
  templateName: string;
  status: string;
  serviceStatus?: string;
  region: string;
  httpsEndpoint?: string | null;
}

const columns = [
  { header: 'id', value: (w: Worker) => w.id },
  { header: 'name', value: (w: Worker) => w.name },
  { header: 'template', value: (w: Worker) => w.templateName },
  { header: 'status', value: (w: Worker) => w.status },
  { header: 'region', value: (w: Worker) => w.region },
  { header: 'endpoint', value: (w: Worker) => w.httpsEndpoint },
];

/** `lcm workers list|show|drain|stop|start`. */
export async function workersCommand(context: CliContext): Promise<void> {
  const [verb, id] = context.args;
  if (verb === 'list') {
    const workers = await context.workers.request<Worker[]>('GET', '/api/workers');
    return print(context, workers, () => renderTable(workers, columns));
  }
  if (!['show', 'drain', 'stop', 'start'].includes(verb ?? '') || !id) {
    throw new CliError('usage: lcm workers list | lcm workers show|drain|stop|start <id>', 2);
  }
  if (verb === 'show') {
    const worker = await context.workers.request<Worker>('GET', `/api/workers/${id}`);
    return print(context, worker, () => renderRecord({ ...worker }));
  }
  const worker = await context.workers.request<Worker>('POST', `/api/workers/${id}/${verb}`);
  return print(context, worker, () => `worker ${worker.id} is ${worker.status}`);
}
