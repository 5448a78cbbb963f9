import { Button, Code, Drawer, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useAuth } from '../auth/auth-context';
import { canManage } from '../auth/person';
import { ApiError } from '../client/api-error';
import type { Session, SessionAccess } from '../client/types';
import { useApi } from '../client/use-api';
import { useLiveEvents } from '../live/live-events';
import { formatTime } from '../ui/format';
import { StatusBadge } from '../ui/status-badge';

/** One session: its status history, ports, lab record and, for its owner only, how to reach the lab. */
export function SessionDrawer({ session, onClose }: { session?: Session; onClose: () => void }) {
  const api = useApi();
  const { person } = useAuth();
  const { events } = useLiveEvents();
  const [access, setAccess] = useState<SessionAccess | string | undefined>();
  const [labRecord, setLabRecord] = useState<unknown>();
  const owner = session !== undefined && person?.sub === session.ownerId;
  const manager = person ? canManage(person) : false;

  useEffect(() => {
    setAccess(undefined);
    setLabRecord(undefined);
    if (session?.labRecordId && manager) {
      api
        .get('lab-manager', `/lab-records/${session.labRecordId}`)
        .then(setLabRecord, () => setLabRecord(undefined));
    }
  }, [api, session?.id, session?.labRecordId, manager]);

  const history = session
    ? events
        .filter(
          ({ event }) => event.type.startsWith('io.lcm.session.') && event.data['sessionId'] === session.id,
        )
        .map(({ event }) => ({
          at: event.time,
          status: String(event.data['status']),
          reason: event.data['reason'],
        }))
        .reverse()
    : [];

  return (
    <Drawer
      opened={session !== undefined}
      onClose={onClose}
      position="right"
      size="lg"
      title={session ? `Session ${session.id}` : ''}
    >
      {session && (
        <Stack>
          <Group>
            <StatusBadge status={session.status} />
            <Text size="sm">
              {session.definitionName} {session.definitionVersion} · owner {session.ownerId}
            </Text>
          </Group>
          <Text size="sm">
            {formatTime(session.timeslotStart)} → {formatTime(session.timeslotEnd)} · worker{' '}
            {session.workerId ?? '—'}
          </Text>
          {session.terminationReason && <Text size="sm">Reason: {session.terminationReason}</Text>}

          <Title order={5}>Status history</Title>
          <Table aria-label="Status history">
            <Table.Tbody>
              <Table.Tr>
                <Table.Td>{formatTime(session.createdAt)}</Table.Td>
                <Table.Td>requested</Table.Td>
              </Table.Tr>
              {history.map((entry) => (
                <Table.Tr key={`${entry.at}-${entry.status}`}>
                  <Table.Td>{formatTime(entry.at)}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={entry.status} /> {entry.reason ? String(entry.reason) : ''}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>

          <Title order={5}>Ports</Title>
          {session.allocatedPorts ? (
            <Code block>
              {Object.entries(session.allocatedPorts)
                .map(([name, port]) => `${name} ${port}`)
                .join('\n')}
            </Code>
          ) : (
            <Text size="sm" c="dimmed">
              None allocated yet.
            </Text>
          )}

          {manager && session.labRecordId && (
            <>
              <Title order={5}>Lab record</Title>
              <Code block>{labRecord ? JSON.stringify(labRecord, null, 2) : session.labRecordId}</Code>
            </>
          )}

          {owner && (
            <>
              <Title order={5}>Access</Title>
              {typeof access === 'object' ? (
                <Code block>
                  {`URL       ${access.url}\nusername  ${access.username}\npassword  ${access.password}\n`}
                  {Object.entries(access.ports)
                    .map(([name, port]) => `${name} ${port}`)
                    .join('\n')}
                </Code>
              ) : (
                <Group>
                  <Button
                    size="xs"
                    variant="light"
                    onClick={() =>
                      api
                        .get<SessionAccess>('session-manager', `/lablet-sessions/${session.id}/access`)
                        .then(setAccess, (error: unknown) =>
                          setAccess(error instanceof ApiError ? error.detail : String(error)),
                        )
                    }
                  >
                    Show access details
                  </Button>
                  {typeof access === 'string' && (
                    <Text size="sm" c="red" role="alert">
                      {access}
                    </Text>
                  )}
                </Group>
              )}
            </>
          )}
        </Stack>
      )}
    </Drawer>
  );
}
