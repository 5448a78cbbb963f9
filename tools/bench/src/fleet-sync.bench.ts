// `npm run bench -- fleet-sync`: what one reconcile pass of worker-manager costs over a fleet of 1,000
// RUNNING workers, against the EC2 simulator (through the real AWS SDK) and one CML simulator per instance
// (through @lcm/cml-client), as `npm start` wires them. Counted per pass when nothing changed: EC2 calls by
// action, CML calls (HTTP requests the simulators answered) and the most CML operations in flight at once,
// worker writes and domain events saved, and the wall time of the pass; then the wall time of one more pass
// with every CML answering after CML_LATENCY_MS, as a CML across a network does.
import type { CmlGateway } from '../../../apps/worker-manager/src/domain/services/cml-gateway';
import { CML_GATEWAY } from '../../../apps/worker-manager/src/domain/services/cml-gateway';
import {
  WORKER_REPOSITORY,
  type WorkerRepository,
} from '../../../apps/worker-manager/src/domain/repositories/worker.repository';
import {
  seedProvisioningFleet,
  startFleetHarness,
} from '../../../apps/worker-manager/src/testing/fleet-harness';
import { fixed, median, printTable, run, size, verdict } from './support/report';

const FLEET = Number(process.env['BENCH_WORKERS'] ?? size(1000, 20));
const QUIET_PASSES = size(2, 1);
const CML_LATENCY_MS = 50;

/** Wraps the CML gateway to see how many of its operations run at once. */
function inFlightMeter(gateway: CmlGateway) {
  let now = 0;
  let peak = 0;
  const wrap =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      peak = Math.max(peak, ++now);
      try {
        return await call(...args);
      } finally {
        now--;
      }
    };
  const metered: CmlGateway = {
    readiness: wrap((endpoint) => gateway.readiness(endpoint)),
    metrics: wrap((endpoint) => gateway.metrics(endpoint)),
    health: wrap((endpoint) => gateway.health(endpoint)),
    licenseState: wrap((endpoint) => gateway.licenseState(endpoint)),
    registerLicense: wrap((endpoint, token) => gateway.registerLicense(endpoint, token)),
    deregisterLicense: wrap((endpoint) => gateway.deregisterLicense(endpoint)),
  };
  return {
    metered,
    peak: () => peak,
    reset: () => {
      peak = 0;
    },
  };
}

async function main(): Promise<void> {
  // The SDK's notice that it will need Node 22 from 2027 (engines and the images say so already).
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  let meter: ReturnType<typeof inFlightMeter> | undefined;
  const setupStarted = Date.now();
  const fleet = await startFleetHarness({
    env: { MAX_WORKERS: String(FLEET * 2) },
    configure: ({ container }) => {
      meter = inFlightMeter(container.get<CmlGateway>(CML_GATEWAY));
      container.rebind(CML_GATEWAY).toConstantValue(meter.metered);
    },
  });
  try {
    const workers = fleet.service.container.get<WorkerRepository>(WORKER_REPOSITORY);
    await seedProvisioningFleet(fleet, FLEET, 'bench');
    // Until the fleet is RUNNING and its first metrics are kept (a few passes).
    for (let pass = 0; pass < 5 && (await workers.count({ status: 'RUNNING' })) < FLEET; pass++)
      await fleet.reconcile();
    await fleet.reconcile();
    const running = await workers.count({ status: 'RUNNING' });
    const setupSeconds = (Date.now() - setupStarted) / 1000;

    const saves = { count: 0 };
    const update = workers.update.bind(workers);
    workers.update = async (worker) => {
      saves.count++;
      return update(worker);
    };
    const passes: Array<{
      ms: number;
      ec2: Record<string, number>;
      ec2Total: number;
      cml: number;
      cmlByRoute: Map<string, number>;
      inFlight: number;
      writes: number;
      events: number;
      changed: number;
    }> = [];
    for (let pass = 0; pass < QUIET_PASSES; pass++) {
      fleet.ec2.resetCalls();
      for (const simulator of fleet.cml.values()) simulator.control.clearExchanges();
      meter?.reset();
      saves.count = 0;
      const eventsBefore = fleet.service.publishedEvents().length;
      const started = process.hrtime.bigint();
      const result = await fleet.reconcile();
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (!result.ok) throw new Error(`reconcile pass failed: ${JSON.stringify(result)}`);
      const cmlByRoute = new Map<string, number>();
      let cml = 0;
      for (const simulator of fleet.cml.values()) {
        for (const exchange of simulator.control.exchanges()) {
          cml++;
          const route = `${exchange.method} ${exchange.route ?? exchange.path}`;
          cmlByRoute.set(route, (cmlByRoute.get(route) ?? 0) + 1);
        }
      }
      const calls = fleet.ec2.calls();
      passes.push({
        ms,
        ec2: calls.byAction,
        ec2Total: calls.total,
        cml,
        cmlByRoute,
        inFlight: meter?.peak() ?? 0,
        writes: saves.count,
        events: fleet.service.publishedEvents().length - eventsBefore,
        changed: result.value.changed,
      });
    }
    const last = passes.at(-1)!;
    for (const simulator of fleet.cml.values())
      simulator.control.injectFault({ fault: { type: 'delay', delayMs: CML_LATENCY_MS }, times: 'always' });
    const slowStarted = process.hrtime.bigint();
    const slow = await fleet.reconcile();
    const slowMs = Number(process.hrtime.bigint() - slowStarted) / 1e6;
    if (!slow.ok) throw new Error(`reconcile pass failed: ${JSON.stringify(slow)}`);
    // Each worker's CML calls run one after another, RECONCILE_CML_CONCURRENCY workers at a time.
    const latencyFloorMs = (last.cml * CML_LATENCY_MS) / last.inFlight;
    console.log(
      `fleet-sync benchmark: ${FLEET} workers (${running} RUNNING), EC2 simulator + ${fleet.cml.size} CML simulators, ` +
        `in-memory repositories; set-up ${fixed(setupSeconds, 1)} s; ${QUIET_PASSES} passes with nothing changed (median time, counts of the last)`,
    );
    const pages = Math.ceil(FLEET / 1000);
    const describe = last.ec2['DescribeInstances'] ?? 0;
    // The health checks' listing is paged like DescribeInstances (1,000 a page), not asked per worker.
    const statusChecks = last.ec2['DescribeInstanceStatus'] ?? 0;
    const perWorkerEc2 = last.ec2Total - describe - statusChecks;
    printTable(
      ['per no-change pass', 'measured', 'target'],
      [
        ['wall time', `${fixed(median(passes.map((p) => p.ms)), 0)} ms`, '-'],
        [
          `wall time, every CML answering after ${CML_LATENCY_MS} ms`,
          `${fixed(slowMs, 0)} ms`,
          `-, floor ${fixed(latencyFloorMs, 0)} ms; ${fixed((last.cml * CML_LATENCY_MS) / 1000, 0)} s one call at a time`,
        ],
        [
          'EC2 calls',
          `${last.ec2Total} (${
            Object.entries(last.ec2)
              .map(([a, n]) => `${a} ${n}`)
              .join(', ') || 'none'
          })`,
          `${pages} DescribeInstances and ${pages} DescribeInstanceStatus page(s), no per-worker call`,
        ],
        ['CML calls', `${last.cml} (${[...last.cmlByRoute].map(([r, n]) => `${r} ${n}`).join(', ')})`, '-'],
        ['CML operations in flight (peak)', `${last.inFlight}`, 'bounded'],
        ['worker writes', `${last.writes}`, '0'],
        ['events saved', `${last.events}`, '0'],
        ['workers changed', `${last.changed}`, '0'],
      ],
    );
    verdict(
      'fleet-sync',
      `${FLEET} workers: DescribeInstances ${describe} / ${pages} page(s) (ratio ${fixed(describe / pages)}), ` +
        `DescribeInstanceStatus ${statusChecks} / ${pages} page(s), ` +
        `per-worker EC2 calls ${perWorkerEc2}, CML calls ${fixed(last.cml / FLEET)} per worker with at most ${last.inFlight} in flight, ` +
        `writes ${last.writes}, events ${last.events}, pass ${fixed(median(passes.map((p) => p.ms)), 0)} ms ` +
        `(${fixed(slowMs, 0)} ms with CML answering in ${CML_LATENCY_MS} ms)`,
      describe <= pages &&
        statusChecks <= pages &&
        perWorkerEc2 === 0 &&
        last.writes === 0 &&
        last.events === 0 &&
        running === FLEET,
    );
  } finally {
    await fleet.close();
  }
}

run(main);
