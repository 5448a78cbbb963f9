import { loadSettings } from '@lcm/neuro-core';
import { existsSync } from 'node:fs';
import { DEFAULT_WORKER_TEMPLATES_FILE, workerManagerSettings } from './settings';

describe('worker-manager settings', () => {
  it('has defaults that run the embedded mode', () => {
    const settings = loadSettings(workerManagerSettings, {});
    expect(settings).toMatchObject({
      PORT: 8081,
      AWS_REGION: 'us-east-1',
      EC2_AMI_OWNERS: ['self'],
      RECONCILE_INTERVAL_SECONDS: 30,
      BOOT_TIMEOUT_MINUTES: 25,
      IDLE_TIMEOUT_MINUTES: 60,
      MIN_WORKERS: 0,
      MAX_WORKERS: 10,
      ADOPT_ORPHANS: false,
      EC2_SIMULATOR: false,
      CML_USERNAME: 'admin',
      CML_VERIFY_TLS: false,
      LICENSE_POLL_INTERVAL_MS: 5000,
      LICENSE_POLL_ATTEMPTS: 18,
      HEALTH_FAILURE_THRESHOLD: 3,
      MIN_RUNNING_WORKERS: {},
    });
    expect(settings.REPLACE_UNHEALTHY_AFTER_MINUTES).toBeUndefined();
    expect(settings.RETIRE_STOPPED_AFTER_DAYS).toBeUndefined();
    expect(existsSync(settings.WORKER_TEMPLATES_FILE)).toBe(true);
    expect(settings.WORKER_TEMPLATES_FILE).toBe(DEFAULT_WORKER_TEMPLATES_FILE);
  });

  it('stops start-up with one line naming each bad variable, never showing the CML password', () => {
    expect(() =>
      loadSettings(workerManagerSettings, { MAX_WORKERS: 'lots', ADOPT_ORPHANS: 'yes', CML_PASSWORD: '' }),
    ).toThrow(
      'invalid settings MAX_WORKERS: expected a number, got "lots"; ADOPT_ORPHANS: expected true, false, 1 or 0, got "yes"; CML_PASSWORD: too small: expected string to have >=1 characters',
    );
  });

  it('reads the fleet policies: a warm pool per template, and empty optional policies as off', () => {
    const settings = loadSettings(workerManagerSettings, {
      MIN_RUNNING_WORKERS: 'small:2, medium:1',
      RETIRE_STOPPED_AFTER_DAYS: '14',
      REPLACE_UNHEALTHY_AFTER_MINUTES: '',
    });
    expect(settings).toMatchObject({
      MIN_RUNNING_WORKERS: { small: 2, medium: 1 },
      RETIRE_STOPPED_AFTER_DAYS: 14,
    });
    expect(settings.REPLACE_UNHEALTHY_AFTER_MINUTES).toBeUndefined();
    expect(() => loadSettings(workerManagerSettings, { MIN_RUNNING_WORKERS: 'small=2' })).toThrow(
      /invalid setting MIN_RUNNING_WORKERS: "small=2" is not template:count/,
    );
    expect(() => loadSettings(workerManagerSettings, { MIN_RUNNING_WORKERS: 'small:8,medium:8' })).toThrow(
      /MIN_RUNNING_WORKERS: must not keep more workers running than MAX_WORKERS/,
    );
  });

  it('refuses MIN_WORKERS above MAX_WORKERS', () => {
    expect(() => loadSettings(workerManagerSettings, { MIN_WORKERS: '5', MAX_WORKERS: '2' })).toThrow(
      'invalid setting MIN_WORKERS: must not be above MAX_WORKERS, got "5"',
    );
  });

  it('refuses EC2_SIMULATOR=true without AWS_ENDPOINT_URL_EC2, in one line naming both', () => {
    expect(() => loadSettings(workerManagerSettings, { EC2_SIMULATOR: 'true' })).toThrow(
      'invalid setting EC2_SIMULATOR: needs AWS_ENDPOINT_URL_EC2 (the simulator\'s URL), got "true"',
    );
    expect(
      loadSettings(workerManagerSettings, {
        EC2_SIMULATOR: 'true',
        AWS_ENDPOINT_URL_EC2: 'http://127.0.0.1:8090',
      }).EC2_SIMULATOR,
    ).toBe(true);
  });
});
