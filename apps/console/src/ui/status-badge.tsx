import { Badge } from '@mantine/core';

const COLORS: Record<string, string> = {
  RUNNING: 'teal',
  READY: 'green',
  AVAILABLE: 'teal',
  PENDING: 'gray',
  SCHEDULED: 'blue',
  INSTANTIATING: 'cyan',
  PROVISIONING: 'cyan',
  STARTING: 'cyan',
  DRAINING: 'orange',
  STOPPING: 'orange',
  DEGRADED: 'orange',
  STOPPED: 'gray',
  TERMINATED: 'dark',
  FAILED: 'red',
  ERROR: 'red',
  UNAVAILABLE: 'red',
  EXPIRED: 'gray',
  CANCELLED: 'gray',
};

/** A status word in its colour. */
export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge
      color={COLORS[status] ?? 'gray'}
      variant="light"
      data-status={status}
      style={{ flexShrink: 0, overflow: 'visible' }}
      styles={{ label: { overflow: 'visible' } }}
    >
      {status}
    </Badge>
  );
}
