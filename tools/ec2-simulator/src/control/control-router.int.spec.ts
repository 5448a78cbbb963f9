import {
  DescribeImagesCommand,
  DescribeInstanceStatusCommand,
  DescribeInstancesCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { startEc2Simulator, type Ec2Simulator } from '../index';
import { ec2ClientFor } from '../testing/ec2-client-for';
import { fixedClock } from '../testing/fixed-clock';
import { until } from '../testing/until';

describe('Control API (/_sim)', () => {
  let simulator: Ec2Simulator;
  let ec2: EC2Client;

  beforeAll(async () => {
    simulator = await startEc2Simulator({
      now: fixedClock,
      durations: { pendingMs: 1_000, shuttingDownMs: 1_000 },
    });
    ec2 = ec2ClientFor(simulator);
  });
  afterEach(() => simulator.reset());
  afterAll(async () => {
    ec2.destroy();
    await simulator.close();
  });

  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${simulator.url}/_sim${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const launch = async (): Promise<string> => {
    const reservation = await ec2.send(
      new RunInstancesCommand({ ImageId: 'ami-0c3a1e0b2d4f60291', MinCount: 1, MaxCount: 1 }),
    );
    return reservation.Instances?.[0].InstanceId as string;
  };

  describe('faults', () => {
    it('throttles the next calls with 503 RequestLimitExceeded, which the SDK retries until it succeeds', async () => {
      const retrying = ec2ClientFor(simulator, { maxAttempts: 3 });
      expect(
        await control('POST', '/faults', { action: 'DescribeInstances', kind: 'throttle', count: 2 }),
      ).toMatchObject({
        status: 201,
        body: { kind: 'throttle', action: 'DescribeInstances', remaining: 2 },
      });

      const result = await retrying.send(new DescribeInstancesCommand({}));
      retrying.destroy();

      expect(result.$metadata.attempts).toBe(3);
      expect(simulator.calls().byAction).toEqual({ DescribeInstances: 3 });
      expect(simulator.faults()).toEqual([]);
    });

    it('surfaces throttling as RequestLimitExceeded with status 503 once retries are exhausted', async () => {
      simulator.injectFault({ kind: 'throttle' });

      await expect(ec2.send(new DescribeInstancesCommand({}))).rejects.toMatchObject({
        name: 'RequestLimitExceeded',
        $metadata: { httpStatusCode: 503 },
      });
    });

    it('answers 500 InternalError, which the SDK retries as a transient error', async () => {
      const retrying = ec2ClientFor(simulator, { maxAttempts: 2 });
      simulator.injectFault({ kind: 'error500', action: 'RunInstances' });

      const reservation = await retrying.send(
        new RunInstancesCommand({
          ImageId: 'ami-0c3a1e0b2d4f60291',
          MinCount: 1,
          MaxCount: 1,
          ClientToken: 'w-1',
        }),
      );
      retrying.destroy();

      expect(reservation.$metadata.attempts).toBe(2);
      expect(await simulator.instances()).toHaveLength(1);
    });

    it('hits only the named action and leaves the others alone', async () => {
      simulator.injectFault({ kind: 'error500', action: 'DescribeInstances' });

      await expect(ec2.send(new DescribeImagesCommand({ Owners: ['self'] }))).resolves.toBeDefined();
      await expect(ec2.send(new DescribeInstancesCommand({}))).rejects.toMatchObject({
        name: 'InternalError',
      });
    });

    it('delays a call by delayMs and then answers it normally', async () => {
      simulator.injectFault({ kind: 'delay', delayMs: 150 });

      const started = Date.now();
      await ec2.send(new DescribeInstancesCommand({}));

      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    });

    it('hangs a call, unanswered and undone, until the faults are cleared; then runs and answers it', async () => {
      simulator.injectFault({ kind: 'hang', action: 'RunInstances' });

      const launched = launch();
      await until(() => simulator.hungCalls() === 1);
      expect(await control('GET', '/faults')).toEqual({ status: 200, body: { faults: [], hung: 1 } });
      expect(await simulator.instances()).toEqual([]);

      expect((await control('DELETE', '/faults')).status).toBe(204);

      const instanceId = await launched;
      expect((await simulator.instances()).map((i) => i.instanceId)).toEqual([instanceId]);
      expect(simulator.hungCalls()).toBe(0);
    });

    it('drops a hung call its caller gave up on: the SDK times out, retries, and only the retry runs', async () => {
      const timingOut = ec2ClientFor(simulator, {
        maxAttempts: 2,
        requestHandler: { requestTimeout: 200, throwOnRequestTimeout: true },
      });
      simulator.injectFault({ kind: 'hang', action: 'RunInstances', count: 2 });

      await expect(
        timingOut.send(
          new RunInstancesCommand({ ImageId: 'ami-0c3a1e0b2d4f60291', MinCount: 1, MaxCount: 1 }),
        ),
      ).rejects.toMatchObject({ name: 'TimeoutError', $metadata: { attempts: 2 } });
      const reservation = await timingOut.send(
        new RunInstancesCommand({ ImageId: 'ami-0c3a1e0b2d4f60291', MinCount: 1, MaxCount: 1 }),
      );
      timingOut.destroy();

      await until(() => simulator.hungCalls() === 0);
      expect(simulator.calls().byAction).toEqual({ RunInstances: 3 });
      expect((await simulator.instances()).map((i) => i.instanceId)).toEqual([
        reservation.Instances?.[0].InstanceId,
      ]);
    });

    it('cuts hung calls on reset, so none runs against the fresh world', async () => {
      simulator.injectFault({ kind: 'hang', action: 'RunInstances' });
      const launched = launch();
      await until(() => simulator.hungCalls() === 1);

      await simulator.reset();

      await expect(launched).rejects.toThrow();
      expect(await simulator.instances()).toEqual([]);
    });

    it('closes while a call hangs, cutting its connection instead of waiting for it', async () => {
      const other = await startEc2Simulator({ now: fixedClock });
      const client = ec2ClientFor(other);
      other.injectFault({ kind: 'hang' });
      const hung = client.send(new DescribeInstancesCommand({}));
      await until(() => other.hungCalls() === 1);

      await other.close();

      await expect(hung).rejects.toThrow();
      client.destroy();
      expect(other.hungCalls()).toBe(0);
    });

    it('lists and clears pending faults, and refuses malformed ones with 400', async () => {
      await control('POST', '/faults', { kind: 'delay', delayMs: 10, count: 3 });

      expect((await control('GET', '/faults')).body.faults).toEqual([
        expect.objectContaining({ kind: 'delay', delayMs: 10, remaining: 3 }),
      ]);
      expect((await control('DELETE', '/faults')).status).toBe(204);
      expect((await control('GET', '/faults')).body).toEqual({ faults: [], hung: 0 });
      expect(await control('POST', '/faults', { kind: 'explode' })).toEqual({
        status: 400,
        body: { error: "fault kind 'explode' is not one of throttle, error500, delay, hang" },
      });
      expect((await control('POST', '/faults', { kind: 'delay' })).status).toBe(400);
    });
  });

  describe('calls', () => {
    it('counts EC2 calls per action until reset', async () => {
      await launch();
      await ec2.send(new DescribeInstancesCommand({}));
      await ec2.send(new DescribeInstancesCommand({}));

      expect((await control('GET', '/calls')).body).toEqual({
        total: 3,
        byAction: { RunInstances: 1, DescribeInstances: 2 },
      });
      expect((await control('DELETE', '/calls')).status).toBe(204);
      expect(simulator.calls()).toEqual({ total: 0, byAction: {} });
    });
  });

  describe('instances', () => {
    it('lists instances with their state, addresses and tags', async () => {
      const instanceId = await launch();

      const { body } = await control('GET', '/instances');

      expect(body.instances).toEqual([
        expect.objectContaining({ instanceId, state: 'pending', imageId: 'ami-0c3a1e0b2d4f60291', tags: {} }),
      ]);
      expect((await control('GET', `/instances/${instanceId}`)).body).toMatchObject({ instanceId });
      expect((await control('GET', '/instances/i-0123456789abcdef0')).status).toBe(404);
    });

    it("terminates an instance behind the manager's back, so EC2 reports it terminated at once", async () => {
      const instanceId = await launch();

      const { status, body } = await control('DELETE', `/instances/${instanceId}`);
      const { Reservations } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));

      expect(status).toBe(200);
      expect(body).toMatchObject({ instanceId, state: 'terminated' });
      expect(Reservations?.[0].Instances?.[0].State).toEqual({ Code: 48, Name: 'terminated' });
      expect(Reservations?.[0].Instances?.[0].StateTransitionReason).toMatch(/^Service initiated/);
    });

    it('purges an instance so that EC2 no longer knows it', async () => {
      const instanceId = await launch();

      expect((await control('DELETE', `/instances/${instanceId}?purge=true`)).status).toBe(204);
      await expect(
        ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })),
      ).rejects.toMatchObject({
        name: 'InvalidInstanceID.NotFound',
      });
      expect((await control('DELETE', `/instances/${instanceId}`)).status).toBe(404);
    });
  });

  describe('status checks', () => {
    const checksOf = async (instanceId: string) => {
      const answer = await ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [instanceId] }));
      const [status] = answer.InstanceStatuses ?? [];
      return { system: status?.SystemStatus?.Status, instance: status?.InstanceStatus?.Status };
    };

    it('makes a running instance fail a status check until it is set to pass again', async () => {
      const instanceId = await launch();
      simulator.advanceTime(1_000);
      expect(await checksOf(instanceId)).toEqual({ system: 'ok', instance: 'ok' });

      const impaired = await control('PUT', `/instances/${instanceId}/status-checks`, { instance: true });
      expect(impaired).toMatchObject({
        status: 200,
        body: { impairedChecks: { system: false, instance: true } },
      });
      expect(await checksOf(instanceId)).toEqual({ system: 'ok', instance: 'impaired' });

      await simulator.setStatusChecks(instanceId, { instance: false, system: true });
      expect(await checksOf(instanceId)).toEqual({ system: 'impaired', instance: 'ok' });
    });

    it('answers 404 for an unknown instance and 400 for a value that is not a boolean', async () => {
      expect(
        (await control('PUT', '/instances/i-0123456789abcdef0/status-checks', { system: true })).status,
      ).toBe(404);
      const instanceId = await launch();
      expect((await control('PUT', `/instances/${instanceId}/status-checks`, { system: 'yes' })).status).toBe(
        400,
      );
    });
  });

  describe('time and reset', () => {
    it('advances simulated time so pending instances become running without waiting', async () => {
      const instanceId = await launch();

      const { body } = await control('POST', '/time/advance', { ms: 1_000 });

      expect(body).toEqual({ now: '2026-01-05T10:00:01.000Z' });
      expect((await simulator.instance(instanceId))?.state).toBe('running');
      expect((await control('POST', '/time/advance', { ms: -5 })).status).toBe(400);
    });

    it('forgets instances, faults, calls and time on reset', async () => {
      await launch();
      simulator.injectFault({ kind: 'throttle' });
      simulator.advanceTime(5_000);

      expect((await control('POST', '/reset')).status).toBe(204);

      expect(await simulator.instances()).toEqual([]);
      expect(simulator.faults()).toEqual([]);
      expect(simulator.calls().total).toBe(0);
      expect(simulator.advanceTime(0)).toBe('2026-01-05T10:00:00.000Z');
    });
  });
});
