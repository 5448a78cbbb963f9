import { type CmlSimulator, startCmlSimulator } from '@lcm/cml-simulator';
import { CmlClientGateway, IDLE_CLIENT_MS } from './cml-client-gateway';

describe('CmlClientGateway', () => {
  let first: CmlSimulator;
  let second: CmlSimulator;

  beforeAll(async () => {
    [first, second] = await Promise.all([startCmlSimulator(), startCmlSimulator()]);
  });

  afterAll(async () => {
    await Promise.all([first.close(), second.close()]);
  });

  it('keeps one client per endpoint while in use and closes the ones left idle (a worker gone or moved)', async () => {
    let now = 0;
    const gateway = new CmlClientGateway({
      username: 'admin',
      password: 'admin',
      verifyTls: false,
      timeoutMs: 2000,
      now: () => now,
    });
    try {
      expect(await gateway.readiness(first.url)).toMatchObject({ ready: true });
      await gateway.readiness(first.url);
      expect(gateway.openEndpoints).toEqual([first.url]);

      now += IDLE_CLIENT_MS / 2;
      await gateway.readiness(second.url);
      now += IDLE_CLIENT_MS / 2 + 1;
      await gateway.readiness(second.url);
      expect(gateway.openEndpoints).toEqual([second.url]);

      // The worker comes back at its old address: a fresh client serves it.
      expect(await gateway.readiness(first.url)).toMatchObject({ ready: true });
      expect(gateway.openEndpoints.sort()).toEqual([first.url, second.url].sort());
    } finally {
      gateway.close();
    }
  });

  it("says when a worker's circuit is open: its CML stopped answering and calls now fail fast", async () => {
    const gateway = new CmlClientGateway({
      username: 'admin',
      password: 'admin',
      verifyTls: false,
      timeoutMs: 200,
    });
    try {
      await gateway.health(first.url);
      expect(gateway.circuitOpen(first.url)).toBe(false);
      first.control.injectFault({ fault: { type: 'hang' }, times: 'always' });

      // Each check is two timed-out attempts; the breaker opens at five failures in a row.
      for (let check = 0; check < 3; check++) await expect(gateway.health(first.url)).rejects.toThrow();

      expect(gateway.circuitOpen(first.url)).toBe(true);
      expect(gateway.circuitOpen(second.url)).toBe(false);
      await expect(gateway.health(first.url)).rejects.toThrow(/not sent: circuit open/);
    } finally {
      first.control.clearFaults();
      gateway.close();
    }
  });
});
