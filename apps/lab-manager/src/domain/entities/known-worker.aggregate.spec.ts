import { KnownWorker, type KnownWorkerState } from './known-worker.aggregate';

const snapshot = (
  status: string,
  at: string,
  httpsEndpoint: string | null = 'https://10.0.0.1',
): KnownWorkerState => ({
  workerId: 'w-1',
  status,
  httpsEndpoint,
  licenseType: 'PERSONAL',
  templateName: 'small',
  region: 'us-east-1',
  lastEventAt: at,
});

describe('KnownWorker', () => {
  it('ignores an event older than the one it holds, so late deliveries do not roll it back', () => {
    const worker = KnownWorker.fromSnapshot(snapshot('RUNNING', '2026-03-02T09:05:00Z'));
    expect(worker.apply(snapshot('STARTING', '2026-03-02T09:00:00Z', null))).toBe(false);
    expect(worker.state.status).toBe('RUNNING');
    expect(worker.reachable).toBe(true);
  });

  it('is unreachable once stopped, even if an endpoint was known', () => {
    const worker = KnownWorker.fromSnapshot(snapshot('RUNNING', '2026-03-02T09:00:00Z'));
    worker.apply(snapshot('STOPPED', '2026-03-02T10:00:00Z'));
    expect(worker.reachable).toBe(false);
  });
});
