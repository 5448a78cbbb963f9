import {
  Anchor,
  Button,
  Card,
  Group,
  Menu,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { useAuth } from '../auth/auth-context';
import { isAdmin } from '../auth/person';
import { useApi } from '../client/use-api';
import type { Definition, Session, Worker, WorkerTemplate } from '../client/types';
import { useLoaded } from '../live/use-loaded';
import { formatDuration, formatUsd } from '../ui/format';
import { StatusBadge } from '../ui/status-badge';
import { useNow } from '../ui/use-now';
import { UsageBar } from '../ui/usage-bar';
import { useConfirmedAction } from '../ui/use-confirmed-action';
import { fleetRows } from './fleet-rows';

const WORKER_ACTIONS = [
  { label: 'Start', path: 'start' },
  { label: 'Stop', path: 'stop' },
  { label: 'Drain', path: 'drain' },
  { label: 'Cancel drain', path: 'cancel-drain' },
] as const;

/** Workers with their health, allocation, sessions, uptime and cost; admins act on them. */
export function FleetPage() {
  const api = useApi();
  const { person } = useAuth();
  const admin = person ? isAdmin(person) : false;
  const workers = useLoaded(() => api.get<Worker[]>('worker-manager', '/workers'), ['io.lcm.worker.']);
  const templates = useLoaded(
    () => api.get<WorkerTemplate[]>('worker-manager', '/worker-templates'),
    ['io.lcm.worker-template.'],
  );
  const sessions = useLoaded(
    () => api.get<Session[]>('session-manager', '/lablet-sessions'),
    ['io.lcm.session.'],
  );
  const definitions = useLoaded(
    () => api.get<Definition[]>('lab-manager', '/lablet-definitions'),
    ['io.lcm.lablet-definition.'],
  );
  const action = useConfirmedAction(workers.reload);
  const now = useNow();

  const rows = fleetRows(
    workers.data ?? [],
    templates.data ?? [],
    sessions.data ?? [],
    definitions.data ?? [],
    now,
  );
  const error = workers.error ?? templates.error;

  return (
    <Stack>
      {action.element}
      {error && <Text c="red">{error}</Text>}
      <Title order={3}>Worker templates</Title>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {(templates.data ?? []).map((template) => (
          <Card key={template.name} withBorder data-testid={`template-${template.name}`}>
            <Group justify="space-between">
              <Text fw={600}>{template.name}</Text>
              <Text size="sm">{formatUsd(template.costPerHourUsd)}/h</Text>
            </Group>
            <Text size="sm" c="dimmed">
              {template.instanceType} · {template.capacity.cpuCores} cores · {template.capacity.memoryGb} GB ·{' '}
              {template.capacity.maxNodes} nodes · {template.region}
            </Text>
            {admin && (
              <Button
                mt="sm"
                size="xs"
                variant="light"
                disabled={!template.enabled}
                onClick={() =>
                  action.ask(
                    `Launch a new worker from template ${template.name} (${formatUsd(template.costPerHourUsd)}/h)?`,
                    () => api.post('worker-manager', '/workers', { templateName: template.name }),
                  )
                }
              >
                Create worker
              </Button>
            )}
          </Card>
        ))}
      </SimpleGrid>

      <Title order={3}>Workers</Title>
      {rows.length === 0 ? (
        <Text c="dimmed">No workers yet: one is launched when a session needs room.</Text>
      ) : (
        <Table.ScrollContainer minWidth={1100}>
          <Table striped highlightOnHover verticalSpacing="xs" aria-label="Workers">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Worker</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Health</Table.Th>
                <Table.Th>Template · region</Table.Th>
                <Table.Th>Endpoint</Table.Th>
                <Table.Th>CPU</Table.Th>
                <Table.Th>Memory</Table.Th>
                <Table.Th>Nodes</Table.Th>
                <Table.Th>Sessions</Table.Th>
                <Table.Th>Uptime</Table.Th>
                <Table.Th>Est. cost</Table.Th>
                {admin && <Table.Th>Actions</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map(({ worker, sessions: placed, allocated, uptimeMs, costUsd, costPerHourUsd }) => (
                <Table.Tr key={worker.id} data-testid={`worker-${worker.id}`}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {worker.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {worker.id}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={worker.status} />
                  </Table.Td>
                  <Table.Td>
                    <Tooltip
                      label={worker.health?.lastFailure ?? 'CML service status'}
                      disabled={!worker.health?.lastFailure}
                    >
                      <span>
                        <StatusBadge status={worker.serviceStatus} />
                      </span>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {worker.templateName} · {worker.region}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {worker.httpsEndpoint ? (
                      <Anchor href={worker.httpsEndpoint} size="sm" target="_blank" rel="noreferrer">
                        {worker.httpsEndpoint.replace(/^https?:\/\//, '')}
                      </Anchor>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td>
                    <UsageBar used={allocated.cpuCores} total={worker.capacity.cpuCores} unit="cores" />
                  </Table.Td>
                  <Table.Td>
                    <UsageBar used={allocated.memoryGb} total={worker.capacity.memoryGb} unit="GB" />
                  </Table.Td>
                  <Table.Td>
                    <UsageBar used={allocated.nodes} total={worker.capacity.maxNodes} unit="nodes" />
                  </Table.Td>
                  <Table.Td>{placed.length}</Table.Td>
                  <Table.Td>{uptimeMs === undefined ? '—' : formatDuration(uptimeMs)}</Table.Td>
                  <Table.Td>
                    {costUsd === undefined ? '—' : formatUsd(costUsd)}
                    {costPerHourUsd !== undefined && (
                      <Text size="xs" c="dimmed">
                        {formatUsd(costPerHourUsd)}/h
                      </Text>
                    )}
                  </Table.Td>
                  {admin && (
                    <Table.Td>
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <Button size="xs" variant="default" aria-label={`Actions for ${worker.name}`}>
                            Actions
                          </Button>
                        </Menu.Target>
                        <Menu.Dropdown>
                          {WORKER_ACTIONS.map(({ label, path }) => (
                            <Menu.Item
                              key={path}
                              onClick={() =>
                                action.ask(`${label} worker ${worker.name}?`, () =>
                                  api.post('worker-manager', `/workers/${worker.id}/${path}`),
                                )
                              }
                            >
                              {label}
                            </Menu.Item>
                          ))}
                          <Menu.Divider />
                          <Menu.Item
                            color="red"
                            onClick={() =>
                              action.ask(
                                `Terminate worker ${worker.name}? Its EC2 instance is deleted.`,
                                () => api.delete('worker-manager', `/workers/${worker.id}`),
                              )
                            }
                          >
                            Terminate
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
