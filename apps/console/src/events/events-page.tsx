import { Badge, Code, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useLiveEvents } from '../live/live-events';
import { formatTime } from '../ui/format';
import { filterEvents } from './event-filter';

const SOURCES = ['/worker-manager', '/lab-manager', '/session-manager'];

/** The live CloudEvents of the services, newest first, filterable; each event's data folded. */
export function EventsPage() {
  const { events, connected } = useLiveEvents();
  const [text, setText] = useState('');
  const [source, setSource] = useState<string | null>(null);
  const shown = filterEvents(events, text, source ?? '');
  return (
    <Stack>
      <Group align="flex-end" wrap="wrap">
        <TextInput
          label="Filter"
          placeholder="type, subject or data"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          w={260}
        />
        <Select
          label="Service"
          placeholder="any"
          data={SOURCES}
          value={source}
          onChange={setSource}
          clearable
          w={200}
        />
        <Group gap={4}>
          {Object.entries(connected).map(([service, up]) => (
            <Badge key={service} color={up ? 'teal' : 'gray'} variant="dot">
              {service}
            </Badge>
          ))}
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {shown.length} of {events.length} events
      </Text>
      <Table.ScrollContainer minWidth={700}>
        <Table aria-label="Events" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Time</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th>Subject</Table.Th>
              <Table.Th>Data</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map(({ event }) => (
              <Table.Tr key={event.id} data-testid="event-row">
                <Table.Td>
                  <Text size="xs">{formatTime(event.time)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {event.type}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {event.source}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{event.subject}</Text>
                </Table.Td>
                <Table.Td>
                  <details>
                    <summary>data</summary>
                    <Code block>{JSON.stringify(event.data, null, 2)}</Code>
                  </details>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
