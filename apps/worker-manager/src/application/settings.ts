import { commonSettings, envBoolean, envNumber } from '@lcm/neuro-core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const positiveInt = (fallback: number) => envNumber().pipe(z.number().int().positive()).default(fallback);
const nonNegativeInt = (fallback: number) =>
  envNumber().pipe(z.number().int().nonnegative()).default(fallback);
/** An optional positive number: unset or empty means off. */
const optionalPositive = () =>
  z
    .string()
    .trim()
    .transform((value) => value || undefined)
    .pipe(envNumber().pipe(z.number().positive()).optional())
    .optional();
const optionalText = () =>
  z
    .string()
    .trim()
    .transform((value) => value || undefined)
    .optional();

/**
 * The seed templates shipped with the service, found relative to the code so any cwd works: beside the
 * sources (`src/application` -> `config/`) or beside the production bundle (`main.js` -> `config/`).
 */
export const DEFAULT_WORKER_TEMPLATES_FILE =
  [
    join(__dirname, '..', '..', 'config', 'worker-templates.yaml'),
    join(__dirname, 'config', 'worker-templates.yaml'),
  ].find((path) => existsSync(path)) ?? join(__dirname, '..', '..', 'config', 'worker-templates.yaml');

/**
 * worker-manager's environment (README's configuration table): the common settings plus AWS, the fleet
 * policy (reconcile interval, boot and idle timeouts, fleet bounds, orphan adoption), CML access and the
 * licence polling of docs/domain.md#licences.
 */
export const workerManagerSettings = commonSettings(8081)
  .extend({
    AWS_REGION: z.string().min(1).default('us-east-1'),
    /** The EC2 endpoint (the simulator in embedded mode and tests); unset for real AWS. */
    AWS_ENDPOINT_URL_EC2: z.url().optional(),
    /**
     * The EC2 endpoint is the simulator: only then is the `lcm:sim-endpoint` tag trusted to name a worker's
     * CML. Off by default, so a tag on a real instance can never redirect the CML login.
     */
    EC2_SIMULATOR: envBoolean().default(false),
    /** Owners whose images may be used (comma-separated): `self`, `amazon` or account ids. */
    EC2_AMI_OWNERS: z
      .string()
      .default('self')
      .transform((raw) =>
        raw
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string()).min(1, 'list at least one owner')),
    EC2_SUBNET_ID: optionalText(),
    EC2_SECURITY_GROUP_IDS: z
      .string()
      .default('')
      .transform((raw) =>
        raw
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      ),
    EC2_KEY_NAME: optionalText(),
    /** Attempts of every EC2 call, throttling (RequestLimitExceeded), 5xx and timeouts retried with backoff. */
    EC2_MAX_ATTEMPTS: positiveInt(6),
    /** Time limit of one attempt of an EC2 call; a hung or slower one fails and is retried. */
    EC2_REQUEST_TIMEOUT_MS: positiveInt(10_000),
    /** Value of the `lcm:managed-by` tag put on and looked for on instances. */
    EC2_MANAGED_BY: z.string().min(1).default('lcm-worker-manager'),
    RECONCILE_INTERVAL_SECONDS: positiveInt(30),
    /** Workers whose CML a fleet pass asks for health and metrics at once (each with the CML timeout). */
    RECONCILE_CML_CONCURRENCY: positiveInt(16),
    BOOT_TIMEOUT_MINUTES: positiveInt(25),
    /** Fractions are allowed (0.5 = 30 s) so demos and end-to-end tests need not wait minutes. */
    IDLE_TIMEOUT_MINUTES: envNumber().pipe(z.number().positive()).default(60),
    /** Failed health checks in a row (one per reconcile pass) before a RUNNING worker is DEGRADED or UNAVAILABLE. */
    HEALTH_FAILURE_THRESHOLD: positiveInt(3),
    /** Unset: off. An unhealthy RUNNING worker is drained and a replacement launched after this long. */
    REPLACE_UNHEALTHY_AFTER_MINUTES: optionalPositive(),
    MIN_WORKERS: nonNegativeInt(0),
    /** Unset: off. STOPPED workers stopped this many days ago are terminated (licence deregistered first). */
    RETIRE_STOPPED_AFTER_DAYS: optionalPositive(),
    /** Warm pool, `template:count,…` (e.g. `small:2`): that many workers of each template kept running. */
    MIN_RUNNING_WORKERS: z
      .string()
      .default('')
      .transform((raw, ctx) => {
        const pool: Record<string, number> = {};
        for (const entry of raw
          .split(',')
          .map((e) => e.trim())
          .filter(Boolean)) {
          const match = /^([^:\s]+):(\d+)$/.exec(entry);
          if (!match) {
            ctx.addIssue({ code: 'custom', message: `"${entry}" is not template:count` });
            return z.NEVER;
          }
          pool[match[1] as string] = Number(match[2]);
        }
        return pool;
      }),
    MAX_WORKERS: positiveInt(10),
    ADOPT_ORPHANS: envBoolean().default(false),
    WORKER_TEMPLATES_FILE: z.string().min(1).default(DEFAULT_WORKER_TEMPLATES_FILE),
    CML_USERNAME: z.string().min(1).default('admin'),
    /** The CML admin password; the default only suits the embedded simulators. Never logged. */
    CML_PASSWORD: z.string().min(1).default('admin'),
    CML_VERIFY_TLS: envBoolean().default(false),
    CML_TIMEOUT_MS: positiveInt(10_000),
    LICENSE_POLL_INTERVAL_MS: positiveInt(5000),
    LICENSE_POLL_ATTEMPTS: positiveInt(18),
  })
  .refine((s) => Object.values(s.MIN_RUNNING_WORKERS).reduce((a, b) => a + b, 0) <= s.MAX_WORKERS, {
    message: 'must not keep more workers running than MAX_WORKERS',
    path: ['MIN_RUNNING_WORKERS'],
  })
  .refine((s) => s.MIN_WORKERS <= s.MAX_WORKERS, {
    message: 'must not be above MAX_WORKERS',
    path: ['MIN_WORKERS'],
  })
  .refine((s) => !s.EC2_SIMULATOR || s.AWS_ENDPOINT_URL_EC2 !== undefined, {
    message: "needs AWS_ENDPOINT_URL_EC2 (the simulator's URL)",
    path: ['EC2_SIMULATOR'],
  });

/** The parsed worker-manager settings. */
export type WorkerManagerSettings = z.infer<typeof workerManagerSettings>;
