import { DevIssuer } from '../auth/dev-issuer';
import { EventRelays } from './event-relays';

const CLUSTER = 'https://kubernetes.default.svc';

describe('EventRelays', () => {
  let cluster: DevIssuer;
  let relays: EventRelays;

  beforeAll(async () => {
    cluster = await DevIssuer.create({ issuer: CLUSTER, audience: 'lcm-events', algorithm: 'RS256' });
    relays = new EventRelays({
      jwks: cluster.jwks(),
      issuer: CLUSTER,
      audience: 'lcm-events',
      subjects: ['system:serviceaccount:lcm:trigger'],
    });
  });

  it('claims only bearer tokens that name its issuer, reading nothing else from a malformed header', async () => {
    const token = await cluster.mint({ sub: 'system:serviceaccount:lcm:trigger' });
    const other = await (await DevIssuer.create()).mint({ sub: 'service-account-lab-manager' });

    expect(relays.issued(`Bearer ${token}`)).toBe(true);
    expect(relays.issued(`bearer  ${token} `)).toBe(true);
    for (const header of [
      undefined,
      '',
      token,
      `Basic ${token}`,
      `Bearer ${token} extra`,
      'Bearer not.a.jwt',
    ]) {
      expect(relays.issued(header)).toBe(false);
    }
    expect(relays.issued(`Bearer ${other}`)).toBe(false);
  });

  it('returns the subject of a listed relay, and refuses any other subject of the same issuer', async () => {
    const allowed = await cluster.mint({ sub: 'system:serviceaccount:lcm:trigger' });
    const pod = await cluster.mint({ sub: 'system:serviceaccount:lcm:some-pod' });

    expect(await relays.authenticate(`Bearer ${allowed}`)).toMatchObject({
      ok: true,
      value: 'system:serviceaccount:lcm:trigger',
    });
    expect(await relays.authenticate(`Bearer ${pod}`)).toMatchObject({ ok: false, status: 403 });
    expect(await relays.authenticate(undefined)).toMatchObject({ ok: false, status: 401 });
  });
});
