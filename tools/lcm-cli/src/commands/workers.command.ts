import { CliError } from '../cli-error';
import { type CliContext, print } from '../cli-context';
import { renderRecord, renderTable } from '../table';

interface HistoryEntry {
  at: string;
  action: string;
  by: string;
  from?: string;
  to?: string;
}

interface Worker {
  id: string;
  name: string;
  templateName: string;
  status: string;
  serviceStatus?: string;
  region: string;
  httpsEndpoint?: string | null;
  history?: HistoryEntry[];
}

const columns = [
  { header: 'id', value: (w: Worker) => w.id },
  { header: 'name', value: (w: Worker) => w.name },
  { header: 'template', value: (w: Worker) => w.templateName },
  { header: 'status', value: (w: Worker) => w.status },
  { header: 'region', value: (w: Worker) => w.region },
  { header: 'endpoint', value: (w: Worker) => w.httpsEndpoint },
];

const historyColumns = [
  { header: 'at', value: (h: HistoryEntry) => h.at },
  { header: 'action', value: (h: HistoryEntry) => h.action },
  { header: 'by', value: (h: HistoryEntry) => h.by },
  { header: 'from', value: (h: HistoryEntry) => h.from },
  { header: 'to', value: (h: HistoryEntry) => h.to },
];

/** One worker as `key: value` lines, then its history (who did what, when) as a table. */
function renderWorker({ history = [], ...worker }: Worker): string {
  return `${renderRecord(worker)}\n\nhistory:\n${renderTable(history, historyColumns)}`;
}

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
    return print(context, worker, () => renderWorker(worker));
  }
  const worker = await context.workers.request<Worker>('POST', `/api/workers/${id}/${verb}`);
  return print(context, worker, () => `worker ${worker.id} is ${worker.status}`);
}
