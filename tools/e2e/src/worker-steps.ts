import { call } from './api-call';
import type { EventSpy } from './event-spy';

/** An operator creates a `small` worker over the API; resolves with its id once it is RUNNING. */
export async function createRunningWorker(workers: string, operator: string, spy: EventSpy): Promise<string> {
  const created = await call(`${workers}/api/workers`, operator, 'POST', { templateName: 'small' });
  if (created.status !== 201)
    throw new Error(`POST /api/workers: ${created.status} ${JSON.stringify(created.body)}`);
  const workerId = String(created.body.id);
  await spy.waitFor(
    'io.lcm.worker.status-changed.v1',
    (e) => e.subject === workerId && e.data['newStatus'] === 'RUNNING',
    90_000,
  );
  return workerId;
}

/** How many sessions of two-router-basics session-manager offers on RUNNING workers this hour. */
export async function offeredOnRunningWorkers(sessions: string, user: string): Promise<number> {
  const from = new Date();
  const to = new Date(from.getTime() + 3_600_000);
  const query = `definitionName=two-router-basics&from=${from.toISOString()}&to=${to.toISOString()}`;
  const answer = await call(`${sessions}/api/timeslots/availability?${query}`, user);
  return Number(answer.body.hours[0].onRunningWorkers);
}
