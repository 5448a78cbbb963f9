import type { AddressInfo } from 'node:net';
import express from 'express';
import type { CallCounts } from './control/call-counts';
import { controlRouter } from './control/control-router';
import type { Fault, FaultSpec } from './control/fault';
import { ec2QueryHandler } from './ec2-query-handler';
import { resolveEc2SimulatorOptions, type Ec2SimulatorOptions } from './ec2-simulator-options';
import type { InstanceSnapshot } from './model/instance-snapshot';
import { SimulatorRuntime } from './simulator-runtime';

/** A running simulator: where it listens, the same controls as the `/_sim` API, and `close()`. */
export interface Ec2Simulator {
  /** Base URL for the SDK's `endpoint` / `AWS_ENDPOINT_URL_EC2`, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  /** Every visible instance, lifecycle applied up to now. */
  instances(): Promise<InstanceSnapshot[]>;
  /** One instance, or `undefined` when unknown or gone. */
  instance(instanceId: string): Promise<InstanceSnapshot | undefined>;
  /** Terminates an instance behind the manager's back; `purge` also drops it from DescribeInstances. */
  terminateInstance(instanceId: string, options?: { purge?: boolean }): Promise<InstanceSnapshot | undefined>;
  /** Makes an instance's EC2 status checks report `impaired` (true) or pass again (false). */
  setStatusChecks(
    instanceId: string,
    impaired: { system?: boolean; instance?: boolean },
  ): Promise<InstanceSnapshot | undefined>;
  /** Makes upcoming EC2 calls fail or stall. */
  injectFault(spec: FaultSpec): Fault;
  /** The faults still waiting to hit. */
  faults(): Fault[];
  /** How many calls a `hang` fault holds unanswered right now. */
  hungCalls(): number;
  /** Drops pending faults; hung calls then run and are answered. */
  clearFaults(): void;
  /** EC2 calls received since the last reset, per action. */
  calls(): CallCounts;
  resetCalls(): void;
  /** Moves simulated time forward; the next call applies the transitions reached. Returns the simulated now (ISO). */
  advanceTime(ms: number): string;
  /** Terminates (hooks run) and forgets all instances; resets images, faults, call counts and time; cuts hung calls. */
  reset(): Promise<void>;
  /** Stops listening and drops open connections, hung calls included; safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Starts an EC2 simulator: the EC2 Query API on `POST /` and the control API under `/_sim`, listening on
 * `options.host` (127.0.0.1) and `options.port` (0 = a free port).
 */
export async function startEc2Simulator(options: Ec2SimulatorOptions = {}): Promise<Ec2Simulator> {
  const resolved = resolveEc2SimulatorOptions(options);
  const runtime = new SimulatorRuntime(resolved);
  const app = express();
  app.disable('x-powered-by');
  app.use('/_sim', controlRouter(runtime));
  app.post('/', express.text({ type: () => true, limit: '10mb' }), ec2QueryHandler(runtime));

  const server = app.listen(resolved.port, resolved.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve, reject) => {
      runtime.hungCalls.cutAll();
      server.close((error) => (error ? reject(error) : resolve()));
      // SDK clients keep connections alive; without this, close() would wait for them to time out
      server.closeAllConnections();
    }));

  return {
    url: `http://${resolved.host}:${port}`,
    port,
    instances: () => runtime.instances(),
    instance: (instanceId) => runtime.instance(instanceId),
    terminateInstance: (instanceId, terminateOptions) =>
      runtime.terminateInstance(instanceId, terminateOptions),
    setStatusChecks: (instanceId, impaired) => runtime.setStatusChecks(instanceId, impaired),
    injectFault: (spec) => runtime.injectFault(spec),
    faults: () => runtime.faults(),
    hungCalls: () => runtime.hungCalls.count,
    clearFaults: () => runtime.clearFaults(),
    calls: () => runtime.calls(),
    resetCalls: () => runtime.resetCalls(),
    advanceTime: (ms) => runtime.advanceTime(ms),
    reset: () => runtime.reset(),
    close,
  };
}
