import { SETTINGS, commonSettings, envBoolean, envNumber } from '@lcm/neuro-core';
import { z } from 'zod';

const positiveInt = (fallback: number) => envNumber().pipe(z.number().int().positive()).default(fallback);
const port = (fallback: number) => envNumber().pipe(z.number().int().min(1).max(65535)).default(fallback);

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
    ORPHAN_GRACE_MINUTES: positiveInt(30),
    PORT_RANGE_START: port(2000),
    PORT_RANGE_END: port(9999),
    LABLET_SEED_FILE: z.string().min(1).optional(),
    /** 32 bytes, base64: seals the session users' CML passwords at rest. Unset: a random key per process. */
    LAB_CREDENTIALS_KEY: z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
      .optional(),
  })
  .refine((s) => s.PORT_RANGE_START <= s.PORT_RANGE_END, {
    message: 'PORT_RANGE_START must not be above PORT_RANGE_END',
    path: ['PORT_RANGE_START'],
  });

/** The parsed lab-manager settings. */
export type LabManagerSettings = z.infer<typeof labManagerSettings>;

/** DI token of the parsed settings: the one the service host binds them to, named for this service's type. */
export const LAB_MANAGER_SETTINGS = SETTINGS;
