import { type FleetHarness, startFleetHarness } from '../../testing/fleet-harness';

describe('EC2_SIMULATOR and the simulator endpoint tag', () => {
  it('in simulator mode reaches each worker’s CML at the URL the simulator tagged its instance with', async () => {
    const fleet = await startFleetHarness();
    try {
      const { id } = await fleet.createWorker('small');
      const running = await fleet.reconcileUntil(id, 'RUNNING');
      const instance = await fleet.ec2.instance(running.ec2InstanceId as string);
      expect(instance?.tags['lcm:sim-endpoint']).toBe(instance?.endpoint);
      expect(running.httpsEndpoint).toBe(instance?.endpoint);
      const cml = fleet.cml.get(instance!.instanceId)!;
      expect(cml.control.exchanges().map((e) => e.path)).toContain('/authenticate');
    } finally {
      await fleet.close();
    }
  });

  describe('against "real AWS" (the same simulator, EC2_SIMULATOR=false)', () => {
    let fleet: FleetHarness;
    let warn: jest.SpyInstance;
    const saved = { id: process.env['AWS_ACCESS_KEY_ID'], secret: process.env['AWS_SECRET_ACCESS_KEY'] };

    beforeAll(async () => {
      // Outside simulator mode credentials come from the SDK's chain, as on AWS: give it some.
      process.env['AWS_ACCESS_KEY_ID'] = 'test';
      process.env['AWS_SECRET_ACCESS_KEY'] = 'test';
      fleet = await startFleetHarness({
        env: { EC2_SIMULATOR: 'false', CML_TIMEOUT_MS: '300' },
        configure: ({ logger }) => {
          warn = jest.spyOn(logger, 'warn');
        },
      });
    });
    afterAll(async () => {
      await fleet.close();
      for (const [name, value] of [
        ['AWS_ACCESS_KEY_ID', saved.id],
        ['AWS_SECRET_ACCESS_KEY', saved.secret],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    it('ignores the tag, reaches the worker at https://<public IP>, never calls the tagged URL and warns once', async () => {
      const { id } = await fleet.createWorker('small');
      const starting = await fleet.reconcileUntil(id, 'STARTING');
      for (let pass = 0; pass < 3; pass++) await fleet.reconcile();
      const worker = await fleet.worker(id);
      const instance = await fleet.ec2.instance(starting.ec2InstanceId as string);

      expect(instance?.tags['lcm:sim-endpoint']).toMatch(/^http:\/\/127\.0\.0\.1:/);
      expect(worker.status).toBe('STARTING');
      expect(worker.httpsEndpoint).toBe(`https://${instance?.publicIpAddress}`);
      expect(fleet.cml.get(instance!.instanceId)!.control.exchanges()).toEqual([]);
      const warnings = warn.mock.calls.filter(([, message]) =>
        String(message).includes('simulator endpoint tag'),
      );
      expect(warnings).toHaveLength(1);
      expect(warnings[0]![0]).toMatchObject({ instanceId: instance?.instanceId });
    });
  });
});
