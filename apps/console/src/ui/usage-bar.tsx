import { Progress, Text } from '@mantine/core';

/** Allocated against capacity, as a bar and in figures ("1 / 2 cores"). */
export function UsageBar({ used, total, unit }: { used: number; total: number; unit: string }) {
  const percent = total > 0 ? Math.min(100, (used / total) * 100) : 0;
  return (
    <div style={{ minWidth: 90 }}>
      <Progress
        value={percent}
        color={percent >= 90 ? 'red' : percent >= 70 ? 'yellow' : 'teal'}
        size="sm"
        aria-label={`${unit} allocated`}
      />
      <Text size="xs" c="dimmed">
        {round(used)} / {round(total)} {unit}
      </Text>
    </div>
  );
}

const round = (value: number) => Math.round(value * 10) / 10;
