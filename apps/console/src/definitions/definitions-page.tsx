import { Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useAuth } from '../auth/auth-context';
import { canManage } from '../auth/person';
import type { Definition } from '../client/types';
import { useApi } from '../client/use-api';
import { useLoaded } from '../live/use-loaded';
import { formatTime } from '../ui/format';
import { useConfirmedAction } from '../ui/use-confirmed-action';
import { DefinitionUpload } from './definition-upload';

/** Lablet definition versions; managers enable, disable and add versions. */
export function DefinitionsPage() {
  const api = useApi();
  const { person } = useAuth();
  const manager = person ? canManage(person) : false;
  const definitions = useLoaded(
    () => api.get<Definition[]>('lab-manager', '/lablet-definitions'),
    ['io.lcm.lablet-definition.'],
  );
  const action = useConfirmedAction(definitions.reload);
  const rows = [...(definitions.data ?? [])].sort(
    (a, b) => a.name.localeCompare(b.name) || b.createdAt.localeCompare(a.createdAt),
  );

  return (
    <Stack>
      {action.element}
      {definitions.error && <Text c="red">{definitions.error}</Text>}
      <Table.ScrollContainer minWidth={700}>
        <Table striped aria-label="Lablet definitions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Version</Table.Th>
              <Table.Th>Needs</Table.Th>
              <Table.Th>Longest</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Enabled</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((definition) => (
              <Table.Tr key={definition.id}>
                <Table.Td>{definition.name}</Table.Td>
                <Table.Td>{definition.version}</Table.Td>
                <Table.Td>
                  {definition.resourceRequirements.cpuCores} cores ·{' '}
                  {definition.resourceRequirements.memoryGb} GB · {definition.nodeCount} nodes
                </Table.Td>
                <Table.Td>{definition.maxDurationMinutes} min</Table.Td>
                <Table.Td>
                  <Text size="sm">{formatTime(definition.createdAt)}</Text>
                  <Text size="xs" c="dimmed">
                    {definition.createdBy}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Switch
                    checked={definition.enabled}
                    disabled={!manager}
                    aria-label={`${definition.name} ${definition.version} enabled`}
                    onChange={(e) => {
                      const enabled = e.currentTarget.checked;
                      action.ask(
                        `${enabled ? 'Enable' : 'Disable'} ${definition.name} ${definition.version} for new sessions?`,
                        () => api.patch('lab-manager', `/lablet-definitions/${definition.id}`, { enabled }),
                      );
                    }}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {manager && (
        <>
          <Title order={4}>New version from YAML</Title>
          <DefinitionUpload onCreated={definitions.reload} />
        </>
      )}
    </Stack>
  );
}
