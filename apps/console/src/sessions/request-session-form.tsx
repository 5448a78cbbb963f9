import { Button, Group, NumberInput, Select } from '@mantine/core';
import { useState } from 'react';
import type { Definition } from '../client/types';
import { useApi } from '../client/use-api';
import type { ConfirmedAction } from '../ui/use-confirmed-action';

/** Requests a session of an enabled definition, starting now or some minutes from now. */
export function RequestSessionForm({
  definitions,
  action,
}: {
  definitions: readonly Definition[];
  action: ConfirmedAction;
}) {
  const api = useApi();
  const names = [
    ...new Set(definitions.filter((definition) => definition.enabled).map((definition) => definition.name)),
  ];
  const [name, setName] = useState<string | null>(null);
  const [minutes, setMinutes] = useState<number | string>(30);
  const [startsIn, setStartsIn] = useState<number | string>(0);
  const chosen = name ?? names[0] ?? null;
  return (
    <Group align="flex-end" wrap="wrap">
      <Select label="Lablet" data={names} value={chosen} onChange={setName} allowDeselect={false} w={220} />
      <NumberInput
        label="Minutes"
        value={minutes}
        onChange={setMinutes}
        min={5}
        max={1440}
        step={15}
        w={110}
      />
      <NumberInput
        label="Starts in (min)"
        value={startsIn}
        onChange={setStartsIn}
        min={0}
        max={1440}
        step={5}
        w={130}
      />
      <Button
        disabled={!chosen}
        onClick={() =>
          void action.now(() =>
            api.post('session-manager', '/lablet-sessions', {
              definitionName: chosen,
              durationMinutes: Number(minutes),
              ...(Number(startsIn) > 0
                ? { timeslotStart: new Date(Date.now() + Number(startsIn) * 60_000).toISOString() }
                : {}),
            }),
          )
        }
      >
        Request session
      </Button>
    </Group>
  );
}
