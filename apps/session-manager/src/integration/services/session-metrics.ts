import type { Metrics } from '@lcm/neuro-core/hosting';
import type { PlacementMetrics } from '../../application/services/placement-metrics';
import { SESSION_STATUSES } from '../../domain/entities/session-status';
import type { LabletSessionRepository } from '../../domain/repositories/lablet-session.repository';

/**
 * session-manager's domain series on `/metrics` (docs/operations.md#metrics-sessions-events): sessions by
 * status and the waiting demand, read from the repository when Prometheus scrapes (right on every
 * replica), and how long placement runs take.
 */
export function registerSessionMetrics(
  metrics: Metrics,
  sessions: LabletSessionRepository,
): PlacementMetrics {
  metrics.gauge('lcm_sessions', 'Lablet sessions by status', ['status'], async (set) => {
    const counts = await Promise.all(SESSION_STATUSES.map((status) => sessions.count({ status })));
    SESSION_STATUSES.forEach((status, i) => set({ status }, counts[i]));
  });
  metrics.gauge(
    'lcm_sessions_waiting_demand',
    'What PENDING sessions need, summed (sessions, cpuCores, memoryGb, storageGb, nodeCount), by whether a launch is coming for them',
    ['resource', 'awaiting_capacity'],
    async (set) => {
      const pending = await sessions.find({ status: 'PENDING' });
      for (const awaiting of [true, false]) {
        const group = pending.filter((session) => session.awaitingCapacity === awaiting);
        const sum = (pick: (d: (typeof group)[number]['state']['demand']) => number) =>
          group.reduce((n, session) => n + pick(session.state.demand), 0);
        const labels = (resource: string) => ({ resource, awaiting_capacity: String(awaiting) });
        set(labels('sessions'), group.length);
        set(
          labels('cpuCores'),
          sum((d) => d.cpuCores),
        );
        set(
          labels('memoryGb'),
          sum((d) => d.memoryGb),
        );
        set(
          labels('storageGb'),
          sum((d) => d.storageGb),
        );
        set(
          labels('nodeCount'),
          sum((d) => d.nodeCount),
        );
      }
    },
  );
  const decisions = metrics.histogram(
    'lcm_placement_decision_seconds',
    'How long one placement run takes (read, decide, save), by how many sessions it considered',
    ['sessions'],
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  );
  return {
    placementDecided: (seconds, considered) =>
      decisions.observe({ sessions: considered === 0 ? '0' : considered <= 10 ? '1-10' : '>10' }, seconds),
  };
}
