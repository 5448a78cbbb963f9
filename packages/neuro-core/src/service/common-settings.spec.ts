import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ZodObject } from 'zod';
import { loadSettings } from '../settings/load-settings';
import { commonSettings } from './common-settings';

describe('commonSettings', () => {
  const load = (env: Record<string, string>) => loadSettings(commonSettings(8080), env);

  it('takes this service’s OAuth client as all three variables (with an optional scope), or none', () => {
    expect(load({})).not.toHaveProperty('AUTH_TOKEN_URL');
    expect(
      load({
        AUTH_TOKEN_URL: 'https://idp.example.com/realms/lcm/protocol/openid-connect/token',
        AUTH_CLIENT_ID: 'lcm-lab-manager',
        AUTH_CLIENT_SECRET: 's3cret',
        AUTH_TOKEN_SCOPE: 'lcm',
      }),
    ).toMatchObject({ AUTH_CLIENT_ID: 'lcm-lab-manager', AUTH_TOKEN_SCOPE: 'lcm' });
  });

  it('refuses a partial OAuth client, naming each missing variable and never the secret', () => {
    expect(() =>
      load({ AUTH_TOKEN_URL: 'https://idp.example.com/token', AUTH_CLIENT_SECRET: 's3cret' }),
    ).toThrow(
      /^invalid setting AUTH_CLIENT_ID: required with AUTH_TOKEN_URL, AUTH_CLIENT_SECRET, but not set$/,
    );
    expect(() => load({ AUTH_CLIENT_SECRET: 's3cret' })).toThrow(
      'invalid settings AUTH_TOKEN_URL: required with AUTH_CLIENT_SECRET, but not set; ' +
        'AUTH_CLIENT_ID: required with AUTH_CLIENT_SECRET, but not set',
    );
  });

  it('requires an OAuth client beside a real issuer, whose services trust no dev issuer tokens', () => {
    expect(() => load({ AUTH_JWKS_URL: 'https://idp.example.com/certs' })).toThrow(
      /^invalid settings AUTH_TOKEN_URL: required with AUTH_JWKS_URL .*; AUTH_CLIENT_ID: .*; AUTH_CLIENT_SECRET: /,
    );
  });

  describe('trusted relays of POST /events', () => {
    const relays = {
      AUTH_EVENTS_RELAY_JWKS_URL: 'https://oidc.eks.eu-west-1.amazonaws.com/id/ABC/keys',
      AUTH_EVENTS_RELAY_ISSUER: 'https://oidc.eks.eu-west-1.amazonaws.com/id/ABC',
      EVENT_RELAY_SUBJECTS: 'system:serviceaccount:lcm:a, system:serviceaccount:lcm:b',
      AUTH_EVENTS_AUDIENCE: 'lcm-events',
    };

    it('takes the relay issuer, its keys and the exact subjects, beside the events audience', () => {
      expect(load(relays)).toMatchObject({
        AUTH_EVENTS_RELAY_ISSUER: relays.AUTH_EVENTS_RELAY_ISSUER,
        EVENT_RELAY_SUBJECTS: ['system:serviceaccount:lcm:a', 'system:serviceaccount:lcm:b'],
      });
      expect(load({}).EVENT_RELAY_SUBJECTS).toEqual([]);
    });

    it('refuses relays given in part, naming each missing variable', () => {
      expect(() =>
        load({ AUTH_EVENTS_RELAY_JWKS_URL: relays.AUTH_EVENTS_RELAY_JWKS_URL, AUTH_EVENTS_AUDIENCE: 'x' }),
      ).toThrow(
        'invalid settings AUTH_EVENTS_RELAY_ISSUER: required with AUTH_EVENTS_RELAY_JWKS_URL, but not set; ' +
          'EVENT_RELAY_SUBJECTS: required with AUTH_EVENTS_RELAY_JWKS_URL, but names no subject',
      );
      expect(() => load({ ...relays, EVENT_RELAY_SUBJECTS: ' , ' })).toThrow(
        /^invalid setting EVENT_RELAY_SUBJECTS: required with AUTH_EVENTS_RELAY_JWKS_URL, AUTH_EVENTS_RELAY_ISSUER, but names no subject, got " , "$/,
      );
    });

    it('refuses relays without AUTH_EVENTS_AUDIENCE, which binds their tokens to POST /events', () => {
      const { AUTH_EVENTS_AUDIENCE: _, ...withoutAudience } = relays;

      expect(() => load(withoutAudience)).toThrow(
        /^invalid setting AUTH_EVENTS_AUDIENCE: required with .* \(the audience relay tokens are bound to\), but not set$/,
      );
    });

    it('refuses a relay issuer named like AUTH_ISSUER, since tokens are routed by their issuer', () => {
      expect(() => load({ ...relays, AUTH_ISSUER: relays.AUTH_EVENTS_RELAY_ISSUER })).toThrow(
        'invalid setting AUTH_EVENTS_RELAY_ISSUER: must differ from AUTH_ISSUER: relay tokens are told apart by their issuer',
      );
    });
  });

  it('refuses a sink token file without a sink', () => {
    expect(() => load({ K_SINK_TOKEN_FILE: '/var/run/secrets/lcm/knative-sink/token' })).toThrow(
      'invalid setting K_SINK: required with K_SINK_TOKEN_FILE (the sink that token is for), but not set',
    );
  });

  it('lists every variable in the root README configuration table', () => {
    // The README is what operators read; a setting missing there is a setting nobody knows to set.
    const readme = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');
    const names = Object.keys((commonSettings(8080) as unknown as ZodObject).shape);
    expect(names.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });
});
