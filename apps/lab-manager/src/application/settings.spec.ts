import { loadSettings } from '@lcm/neuro-core';
import { buildService } from '@lcm/neuro-core/hosting';
import { randomBytes } from 'node:crypto';
import { labManagerService } from '../service';
import { labManagerSettings } from './settings';

const MONGO = 'mongodb://127.0.0.1:1/lcm';

describe('lab-manager settings: the credentials keys', () => {
  const key = randomBytes(32);

  it('reads a 32-byte key written as base64, base64url (with or without padding) or hex', () => {
    for (const written of [
      key.toString('base64'),
      key.toString('base64url'),
      `${key.toString('base64url')}=`,
      key.toString('hex'),
      key.toString('hex').toUpperCase(),
    ]) {
      expect(loadSettings(labManagerSettings, { LAB_CREDENTIALS_KEY: written }).LAB_CREDENTIALS_KEY).toEqual(
        key,
      );
    }
  });

  it('refuses a key of the wrong length or encoding in one line that names it, says the format and never shows it', () => {
    const short = randomBytes(16).toString('base64');
    expect(() => loadSettings(labManagerSettings, { LAB_CREDENTIALS_KEY: short })).toThrow(
      'invalid setting LAB_CREDENTIALS_KEY: must be 32 bytes written as base64, base64url or 64 hex digits (generate one with `openssl rand -base64 32`); this one is 16 bytes',
    );
    const notAKey = 'correct horse battery staple';
    let message = '';
    try {
      loadSettings(labManagerSettings, { LAB_CREDENTIALS_PREVIOUS_KEY: notAKey, LAB_CREDENTIALS_KEY: short });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      'invalid settings LAB_CREDENTIALS_KEY: must be 32 bytes written as base64, base64url or 64 hex digits (generate one with `openssl rand -base64 32`); this one is 16 bytes; ' +
        'LAB_CREDENTIALS_PREVIOUS_KEY: must be 32 bytes written as base64, base64url or 64 hex digits (generate one with `openssl rand -base64 32`)',
    );
    expect(message).not.toContain(short);
  });

  it('requires LAB_CREDENTIALS_KEY with MongoDB, and lets the in-memory mode run without it', () => {
    expect(() => loadSettings(labManagerSettings, { MONGODB_URI: MONGO })).toThrow(
      'invalid setting LAB_CREDENTIALS_KEY: required when MONGODB_URI is set',
    );
    expect(
      loadSettings(labManagerSettings, { MONGODB_URI: MONGO, LAB_CREDENTIALS_KEY: key.toString('base64') })
        .LAB_CREDENTIALS_KEY,
    ).toEqual(key);
    expect(loadSettings(labManagerSettings, {}).LAB_CREDENTIALS_KEY).toBeUndefined();
    expect(loadSettings(labManagerSettings, { LAB_CREDENTIALS_KEY: '' }).LAB_CREDENTIALS_KEY).toBeUndefined();
  });

  it('refuses a previous key without a current one', () => {
    expect(() =>
      loadSettings(labManagerSettings, { LAB_CREDENTIALS_PREVIOUS_KEY: key.toString('base64') }),
    ).toThrow(
      'invalid setting LAB_CREDENTIALS_PREVIOUS_KEY: needs LAB_CREDENTIALS_KEY, the key new secrets are sealed with',
    );
  });

  it('stops start-up with MongoDB and no LAB_CREDENTIALS_KEY before connecting to anything', async () => {
    await expect(
      buildService(labManagerService, { env: { MONGODB_URI: MONGO, REDIS_URL: 'redis://127.0.0.1:1' } }),
    ).rejects.toThrow(
      'invalid setting LAB_CREDENTIALS_KEY: required when MONGODB_URI is set, so that every replica and restart opens the passwords the others sealed (generate one with `openssl rand -base64 32`)',
    );
  });
});
