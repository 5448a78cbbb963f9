import { SETTINGS, commonSettings, envBoolean, envNumber } from '@lcm/neuro-core';
import { z } from 'zod';

const positiveInt = (fallback: number) => envNumber().pipe(z.number().int().positive()).default(fallback);
const port = (fallback: number) => envNumber().pipe(z.number().int().min(1).max(65535)).default(fallback);

/** How a credentials key is written, for the error a badly written one gets. */
const KEY_FORMAT =
  'must be 32 bytes written as base64, base64url or 64 hex digits (generate one with `openssl rand -base64 32`)';

/**
 * An AES-256 key: 32 bytes as base64 or base64url (padding optional) or as hex. Anything else stops
 * start-up: a short key or a typo must not silently become a weaker or different key. Empty counts as unset.
 */
const aesKey = () =>
  z
    .string()
    .trim()
    .transform((raw, ctx) => {
      if (raw === '') return undefined;
      const key = decodeKey(raw);
      if (key?.length === 32) return key;
      ctx.addIssue({
        code: 'custom',
        message: key ? `${KEY_FORMAT}; this one is ${key.length} bytes` : KEY_FORMAT,
      });
      return z.NEVER;
    })
    .optional();

function decodeKey(raw: string): Buffer | undefined {
  if (/^([0-9a-f]{2})+$/i.test(raw)) return Buffer.from(raw, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(raw) && raw.replace(/=+$/, '').length % 4 !== 1) {
    return Buffer.from(raw, 'base64');
  }
  return undefined;
}

/**
 * lab-manager's environment (README's configuration table): the common settings plus CML access, lab
 * operation timing, labs sync, orphan cleanup, the per-worker port range and the lablet seed file.
 */
export const labManagerSettings = commonSettings(8082)
  .extend({
    CML_USERNAME: z.string().min(1).default('admin'),
    /** The CML admin password; the default only suits the embedded simulators. Never logged. */
    CML_PASSWORD: z.string().min(1).default('admin'),
    CML_VERIFY_TLS: envBoolean().default(false),
    CML_TIMEOUT_MS: positiveInt(30_000),
    LAB_CONVERGE_TIMEOUT_SECONDS: positiveInt(600),
    LAB_CONVERGE_POLL_MS: positiveInt(2000),
    LAB_OPERATION_ATTEMPTS: positiveInt(3),
    LAB_OPERATION_BACKOFF_MS: positiveInt(1000),
    LABS_SYNC_INTERVAL_SECONDS: positiveInt(60),
    ORPHAN_CLEANUP: envBoolean().default(false),
    /** Fractions allowed (a test waits seconds, not minutes). */
    ORPHAN_GRACE_MINUTES: envNumber().pipe(z.number().positive()).default(30),
    PORT_RANGE_START: port(2000),
    PORT_RANGE_END: port(9999),
    LABLET_SEED_FILE: z.string().min(1).optional(),
    /**
     * Seals the session users' CML passwords at rest. Required with MongoDB, since every replica and every
     * restart must open what the others sealed; unset in memory mode: a random key per process.
     */
    LAB_CREDENTIALS_KEY: aesKey(),
    /** The key before the last rotation: what it sealed still opens; nothing new is sealed with it. */
    LAB_CREDENTIALS_PREVIOUS_KEY: aesKey(),
  })
  .refine((s) => s.PORT_RANGE_START <= s.PORT_RANGE_END, {
    message: 'PORT_RANGE_START must not be above PORT_RANGE_END',
    path: ['PORT_RANGE_START'],
  })
  .refine((s) => !s.MONGODB_URI || s.LAB_CREDENTIALS_KEY, {
    message:
      'required when MONGODB_URI is set, so that every replica and restart opens the passwords the others sealed (generate one with `openssl rand -base64 32`)',
    path: ['LAB_CREDENTIALS_KEY'],
  })
  .refine((s) => !s.LAB_CREDENTIALS_PREVIOUS_KEY || s.LAB_CREDENTIALS_KEY, {
    message: 'needs LAB_CREDENTIALS_KEY, the key new secrets are sealed with',
    path: ['LAB_CREDENTIALS_PREVIOUS_KEY'],
  });

/** The parsed lab-manager settings. */
export type LabManagerSettings = z.infer<typeof labManagerSettings>;

/** DI token of the parsed settings: the one the service host binds them to, named for this service's type. */
export const LAB_MANAGER_SETTINGS = SETTINGS;
