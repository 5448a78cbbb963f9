// The chart and the services name the same settings in two places. A variable the chart sets that a service
// does not read is silently ignored (zod strips it), and a combination the service refuses stops every pod
// at start-up: neither shows up in `helm template`. This reads each Deployment's environment the way the pod
// would get it and parses it with the service's own settings schema.
import { randomBytes } from 'node:crypto';
import type { ZodObject, ZodType } from 'zod';
import { loadSettings } from '@lcm/neuro-core';
import { labManagerSettings } from '../../apps/lab-manager/src/application/settings';
import { sessionManagerSettings } from '../../apps/session-manager/src/application/settings';
import { workerManagerSettings } from '../../apps/worker-manager/src/application/settings';
import { ALL_FEATURES_VALUES, MINIMAL_VALUES, type Manifest, podOf, render } from './render-chart';

const SCHEMAS: Record<string, ZodType> = {
  'worker-manager': workerManagerSettings,
  'lab-manager': labManagerSettings,
  'session-manager': sessionManagerSettings,
};

/** What a Secret the operator created would hold, in the shape each setting expects. */
const SECRET_VALUES: Record<string, string> = {
  REDIS_URL: 'redis://:password@redis:6379',
  MONGODB_URI: 'mongodb://user:password@mongodb:27017',
  LAB_CREDENTIALS_KEY: randomBytes(32).toString('base64'),
  LAB_CREDENTIALS_PREVIOUS_KEY: randomBytes(32).toString('base64'),
};

/** The environment the pod would start with: literal values, and Secret references resolved. */
function podEnvironment(manifests: Manifest[], service: string): Record<string, string> {
  return Object.fromEntries(
    podOf(manifests, service).containers[0].env.map(({ name, value, valueFrom }) => {
      if (value !== undefined) return [name, value];
      if (!valueFrom) throw new Error(`${service}: ${name} has neither a value nor valueFrom`);
      return [name, SECRET_VALUES[name] ?? 'a-secret-value'];
    }),
  );
}

function declaredNames(schema: ZodType): string[] {
  return Object.keys((schema as unknown as ZodObject).shape);
}

const installs: Array<[string, () => Manifest[]]> = [
  ['the minimum real-issuer values', () => render({ files: [MINIMAL_VALUES] })],
  ['every optional feature on', () => render({ files: [MINIMAL_VALUES, ALL_FEATURES_VALUES] })],
  [
    'the demo mode (dev issuer, in-memory storage)',
    () => render({ files: [], set: ['auth.allowDevIssuer=true', 'mongodb.allowInMemory=true'] }),
  ],
];

describe.each(installs)('the environment the chart gives each service, with %s', (_name, manifests) => {
  it.each(Object.keys(SCHEMAS))('names only settings %s reads', (service) => {
    const env = podEnvironment(manifests(), service);
    const unknown = Object.keys(env).filter((name) => !declaredNames(SCHEMAS[service]).includes(name));
    expect(unknown).toEqual([]);
  });

  it.each(Object.keys(SCHEMAS))('is accepted by the settings of %s', (service) => {
    const env = podEnvironment(manifests(), service);
    expect(() => loadSettings(SCHEMAS[service], env)).not.toThrow();
  });
});
