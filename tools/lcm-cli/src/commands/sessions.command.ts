import { CliError } from '../cli-error';
import { type CliContext, print } from '../cli-context';
import { renderRecord, renderTable } from '../table';

interface Session {
  id: string;
  ownerId: string;
  definitionName: string;
  definitionVersion: string;
  status: string;
  timeslotStart: string;
  timeslotEnd: string;
  workerId?: string | null;
  lastPlacementReason?: string | null;
  history?: HistoryEntry[];
}

/** One step of a session's history: a status it entered or its re-placement, why, who and when. */
interface HistoryEntry {
  at: string;
  status: string;
  action: string;
  reason: string | null;
  by: string | null;
}

const TERMINAL = new Set(['STOPPED', 'FAILED', 'EXPIRED', 'CANCELLED']);

const columns = [
  { header: 'id', value: (s: Session) => s.id },
  { header: 'definition', value: (s: Session) => `${s.definitionName}@${s.definitionVersion}` },
  { header: 'status', value: (s: Session) => s.status },
  { header: 'start', value: (s: Session) => s.timeslotStart },
  { header: 'end', value: (s: Session) => s.timeslotEnd },
  { header: 'worker', value: (s: Session) => s.workerId },
];

const historyColumns = [
  { header: 'at', value: (h: HistoryEntry) => h.at },
  { header: 'status', value: (h: HistoryEntry) => h.status },
  { header: 'action', value: (h: HistoryEntry) => h.action },
  { header: 'reason', value: (h: HistoryEntry) => h.reason },
  { header: 'by', value: (h: HistoryEntry) => h.by },
];

/** One session as `key: value` lines, then its history (who did what, when) as a table. */
function renderSession({ history = [], ...session }: Session): string {
  return `${renderRecord({ ...session })}\n\nhistory:\n${renderTable(history, historyColumns)}`;
}

function requireId(context: CliContext): string {
  const id = context.args[1];
  if (!id) throw new CliError(`usage: lcm sessions ${context.args[0]} <id>`, 2);
  return id;
}

/** `lcm sessions request|list|show|access|stop|cancel`. */
export async function sessionsCommand(context: CliContext): Promise<void> {
  const [verb] = context.args;
  switch (verb) {
    case 'request': {
      const definitionName = context.args[1];
      if (!definitionName)
        throw new CliError(
          'usage: lcm sessions request <definition> [--minutes N] [--start ISO] [--version V]',
          2,
        );
      const minutes = Number(context.flags['minutes'] ?? 60);
      if (!Number.isInteger(minutes) || minutes <= 0)
        throw new CliError('--minutes takes a whole number above 0', 2);
      const body = {
        definitionName,
        durationMinutes: minutes,
        ...(typeof context.flags['version'] === 'string'
          ? { definitionVersion: context.flags['version'] }
          : {}),
        ...(typeof context.flags['start'] === 'string' ? { timeslotStart: context.flags['start'] } : {}),
      };
      const session = await context.sessions.request<Session>('POST', '/api/lablet-sessions', body);
      return print(context, session, () => `requested session ${session.id} (${session.status})`);
    }
    case 'list': {
      const status =
        typeof context.flags['status'] === 'string'
          ? `?status=${encodeURIComponent(context.flags['status'])}`
          : '';
      const sessions = await context.sessions.request<Session[]>('GET', `/api/lablet-sessions${status}`);
      return print(context, sessions, () => renderTable(sessions, columns));
    }
    case 'show': {
      const id = requireId(context);
      const session = await context.sessions.request<Session>('GET', `/api/lablet-sessions/${id}`);
      if (!context.flags['watch']) return print(context, session, () => renderSession(session));
      return watch(context, session);
    }
    case 'access': {
      const access = await context.sessions.request<Record<string, unknown>>(
        'GET',
        `/api/lablet-sessions/${requireId(context)}/access`,
      );
      return print(context, access, () => renderRecord(access));
    }
    case 'stop':
    case 'cancel': {
      const session = await context.sessions.request<Session>(
        'POST',
        `/api/lablet-sessions/${requireId(context)}/${verb}`,
      );
      return print(context, session, () => `session ${session.id} is ${session.status}`);
    }
    default:
      throw new CliError('usage: lcm sessions request|list|show|access|stop|cancel', 2);
  }
}

/**
 * `sessions show <id> --watch`: prints the session's status, then each new one as session-manager's event
 * stream (`GET /api/events/stream`) reports it, until the session ends. Events no newer than the status
 * read first are skipped, so a late event never prints an older status after a newer one. Polls once a
 * second against a service without the stream.
 */
async function watch(context: CliContext, first: Session): Promise<void> {
  let last = '';
  let seenUpTo = first.history?.at(-1)?.at ?? '';
  const show = (session: Session) => {
    if (session.status === last) return;
    const reason = session.lastPlacementReason ? ` (${session.lastPlacementReason})` : '';
    context.out(
      context.json ? JSON.stringify(session) : `${new Date().toISOString()}  ${session.status}${reason}`,
    );
    last = session.status;
  };
  show(first);
  if (TERMINAL.has(first.status)) return;
  const streamed = await context.sessions.follow('/api/events/stream', (data) => {
    const event = data as { type?: string; subject?: string; time?: string; data?: Partial<Session> };
    if (event.subject !== first.id || !event.type?.startsWith('io.lcm.session.') || !event.data?.status)
      return false;
    if (event.time !== undefined && event.time <= seenUpTo) return false;
    seenUpTo = event.time ?? seenUpTo;
    show({ ...first, ...event.data, id: first.id, lastPlacementReason: null } as Session);
    return TERMINAL.has(event.data.status);
  });
  if (streamed && TERMINAL.has(last)) return;
  for (;;) {
    const session = await context.sessions.request<Session>('GET', `/api/lablet-sessions/${first.id}`);
    show(session);
    if (TERMINAL.has(session.status)) return;
    await context.sleep(1000);
  }
}
