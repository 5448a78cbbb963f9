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

  it('lists every variable in the root README configuration table', () => {
    // The README is what operators read; a setting missing there is a setting nobody knows to set.
    const readme = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');
    const names = Object.keys((commonSettings(8080) as unknown as ZodObject).shape);
    expect(names.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });
});
