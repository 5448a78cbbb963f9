import { Button, Group, SegmentedControl, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { Suspense, lazy, useState } from 'react';
import { useAuth } from '../auth/auth-context';
import { isAdmin } from '../auth/person';
import type { Definition, Session } from '../client/types';
import { useApi } from '../client/use-api';
import { useLoaded } from '../live/use-loaded';
import { formatTime } from '../ui/format';
import { StatusBadge } from '../ui/status-badge';
import { useConfirmedAction } from '../ui/use-confirmed-action';
import { applySessionEvent } from './apply-session-event';
import { RequestSessionForm } from './request-session-form';
import { sessionActions } from './session-actions';
import { SessionDrawer } from './session-drawer';
import { NO_FILTER, type SessionFilter, filterSessions } from './session-filter';

// The timeline library is most of the bundle: loaded when the calendar is first shown.
const SessionsCalendar = lazy(() =>
  import('./sessions-calendar').then((module) => ({ default: module.SessionsCalendar })),
);

const STATUSES = [
  'PENDING',
  'SCHEDULED',
  'INSTANTIATING',
  'READY',
  'RUNNING',
  'COLLECTING',
  'GRADING',
  'STOPPING',
  'STOPPED',
  'FAILED',
  'EXPIRED',
  'CANCELLED',
];
const LABELS = { start: 'Start', extend: 'Extend 15 min', stop: 'Stop', cancel: 'Cancel' } as const;

/** Sessions as a filterable table and as a calendar per worker; a user sees and drives their own. */
export function SessionsPage() {
  const api = useApi();
  const { person } = useAuth();
  const sessions = useLoaded(
    () => api.get<Session[]>('session-manager', '/lablet-sessions'),
    ['io.lcm.session.'],
    applySessionEvent,
  );
  const definitions = useLoaded(
    () => api.get<Definition[]>('lab-manager', '/lablet-definitions'),
    ['io.lcm.lablet-definition.'],
  );
  const action = useConfirmedAction(sessions.reload);
  const [filter, setFilter] = useState<SessionFilter>(NO_FILTER);
  const [view, setView] = useState('table');
  const [openId, setOpenId] = useState<string | undefined>();

  const all = sessions.data ?? [];
  const shown = filterSessions(all, filter);
  const definitionNames = [...new Set(all.map((session) => session.definitionName))];
  const act = (session: Session, kind: keyof typeof LABELS) => {
    const path = `/lablet-sessions/${session.id}/${kind}`;
    const run = () => api.post('session-manager', path, kind === 'extend' ? { minutes: 15 } : undefined);
    if (kind === 'stop' || kind === 'cancel') action.ask(`${LABELS[kind]} session ${session.id}?`, run);
    else void action.now(run);
  };

  return (
    <Stack>
      {action.element}
      {sessions.error && <Text c="red">{sessions.error}</Text>}
      <RequestSessionForm definitions={definitions.data ?? []} action={action} />
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Group wrap="wrap">
          <Select
            label="Status"
            placeholder="any"
            data={STATUSES}
            value={filter.status || null}
            onChange={(status) => setFilter({ ...filter, status: status ?? '' })}
            clearable
            w={150}
          />
          {person && isAdmin(person) && (
            <TextInput
              label="Owner"
              placeholder="any"
              value={filter.owner}
              onChange={(e) => setFilter({ ...filter, owner: e.currentTarget.value })}
              w={150}
            />
          )}
          <Select
            label="Lablet"
            placeholder="any"
            data={definitionNames}
            value={filter.definition || null}
            onChange={(definition) => setFilter({ ...filter, definition: definition ?? '' })}
            clearable
            w={190}
          />
        </Group>
        <SegmentedControl
          value={view}
          onChange={setView}
          data={[
            { label: 'Table', value: 'table' },
            { label: 'Calendar', value: 'calendar' },
          ]}
        />
      </Group>

      {view === 'calendar' ? (
        <Suspense fallback={<Text c="dimmed">Loading the calendar…</Text>}>
          <SessionsCalendar sessions={shown} onOpen={setOpenId} />
        </Suspense>
      ) : shown.length === 0 ? (
        <Text c="dimmed">No sessions.</Text>
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table striped highlightOnHover aria-label="Sessions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Session</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Lablet</Table.Th>
                <Table.Th>Owner</Table.Th>
                <Table.Th>Timeslot</Table.Th>
                <Table.Th>Worker</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((session) => (
                <Table.Tr key={session.id} data-testid={`session-${session.id}`}>
                  <Table.Td>
                    <Button variant="subtle" size="compact-sm" onClick={() => setOpenId(session.id)}>
                      {session.id.slice(0, 8)}
                    </Button>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={session.status} />
                  </Table.Td>
                  <Table.Td>
                    {session.definitionName} {session.definitionVersion}
                  </Table.Td>
                  <Table.Td>{session.ownerId}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatTime(session.timeslotStart)}</Text>
                    <Text size="xs" c="dimmed">
                      until {formatTime(session.timeslotEnd)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{session.workerId ?? session.lastPlacementReason ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {sessionActions(session.status).map((kind) => (
                        <Button
                          key={kind}
                          size="compact-xs"
                          variant="light"
                          onClick={() => act(session, kind)}
                        >
                          {LABELS[kind]}
                        </Button>
                      ))}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <SessionDrawer
        session={all.find((session) => session.id === openId)}
        onClose={() => setOpenId(undefined)}
      />
    </Stack>
  );
}
