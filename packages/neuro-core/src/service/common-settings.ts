import { z } from 'zod';
import { DEFAULT_IN_FLIGHT_LIMITS } from '../hosting/in-flight-limits';
import { envList } from '../settings/env-list';
import { envNumber } from '../settings/env-number';
import { envPairList } from '../settings/env-pair-list';
import { envUrlList } from '../settings/env-url-list';

const count = (fallback: number) => envNumber().pipe(z.number().int().positive()).default(fallback);

/** This service's OAuth client: all three are set, or none (then the embedded dev issuer serves tokens). */
const CLIENT_CREDENTIALS = ['AUTH_TOKEN_URL', 'AUTH_CLIENT_ID', 'AUTH_CLIENT_SECRET'] as const;
type ClientCredentialSettings = Partial<
  Record<(typeof CLIENT_CREDENTIALS)[number] | 'AUTH_TOKEN_SCOPE' | 'AUTH_JWKS_URL', string>
>;
/** The trusted relays of `POST /events` (a Knative Broker): all three are set, or none. */
const RELAYS = ['AUTH_EVENTS_RELAY_JWKS_URL', 'AUTH_EVENTS_RELAY_ISSUER', 'EVENT_RELAY_SUBJECTS'] as const;
interface RelaySettings {
  readonly AUTH_EVENTS_RELAY_JWKS_URL?: string;
  readonly AUTH_EVENTS_RELAY_ISSUER?: string;
  readonly EVENT_RELAY_SUBJECTS: readonly string[];
  readonly AUTH_EVENTS_AUDIENCE?: string;
  readonly AUTH_ISSUER?: string;
  readonly K_SINK?: string;
  readonly K_SINK_TOKEN_FILE?: string;
}

/**
 * The environment every neuro-core service reads (README's configuration table). A service extends it
 * with its own variables and its own default `PORT`: `commonSettings(8081).extend({ ... })`.
 */
export function commonSettings(defaultPort: number) {
  const settings = z.object({
    PORT: envNumber().pipe(z.number().int().min(0).max(65535)).default(defaultPort),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
    /** Prefix of every Redis key the service writes (queues, de-dup keys); tests use a unique one. */
    REDIS_PREFIX: z
      .string()
      .regex(/^[\w-]+$/, 'letters, digits, - and _ only')
      .default('lcm'),
    MONGODB_URI: z.string().startsWith('mongodb').optional(),
    MONGODB_DB: z.string().optional(),
    AUTH_JWKS_URL: z.url().optional(),
    AUTH_ISSUER: z.string().optional(),
    AUTH_AUDIENCE: z.string().optional(),
    AUTH_ROLES_CLAIM: z.string().default('realm_access.roles'),
    /** On `POST /events` only: the audience accepted instead of AUTH_AUDIENCE (Knative's OIDC delivery tokens). */
    AUTH_EVENTS_AUDIENCE: z.string().min(1).optional(),
    /** JWKS of the issuer of relay tokens on `POST /events`: the cluster's service-account issuer. */
    AUTH_EVENTS_RELAY_JWKS_URL: z.url().optional(),
    /** `iss` of relay tokens; a token naming it is verified with AUTH_EVENTS_RELAY_JWKS_URL's keys only. */
    AUTH_EVENTS_RELAY_ISSUER: z.string().min(1).optional(),
    /** Exact `sub` values of relay tokens allowed to deliver events (a Knative Trigger's ServiceAccount). */
    EVENT_RELAY_SUBJECTS: envList().default([]),
    /** The claim naming the OAuth client of a service token; `client_id` is read when it is absent. */
    AUTH_CLIENT_ID_CLAIM: z.string().min(1).default('azp'),
    /** The dev issuer's key file, trusted when no AUTH_JWKS_URL is set (embedded mode and tests). */
    AUTH_DEV_KEY_FILE: z.string().default('.lcm/dev-issuer.json'),
    /** Token endpoint where this service gets its own tokens by client credentials (outgoing calls). */
    AUTH_TOKEN_URL: z.url().optional(),
    AUTH_CLIENT_ID: z.string().min(1).optional(),
    AUTH_CLIENT_SECRET: z.string().min(1).optional(),
    AUTH_TOKEN_SCOPE: z.string().min(1).optional(),
    EVENT_SUBSCRIBERS: envUrlList().default([]),
    /** `producer=clientId` pairs: the OAuth client each event producer sends as (default: services' own names). */
    EVENT_PRODUCER_CLIENTS: envPairList().default(new Map()),
    K_SINK: z.url().optional(),
    /** A token file sent to K_SINK instead of the OAuth token: a projected ServiceAccount token, kept fresh by the kubelet. */
    K_SINK_TOKEN_FILE: z.string().min(1).optional(),
    EVENT_DELIVERY_ATTEMPTS: count(10),
    EVENT_DELIVERY_BACKOFF_MS: count(1000),
    EVENT_DEDUPE_TTL_SECONDS: count(7 * 24 * 3600),
    OUTBOX_POLL_MS: count(1000),
    SHUTDOWN_TIMEOUT_MS: count(10_000),
    /** Requests (all but `/events`, probes, `/metrics`, the event stream) handled at once; more get 503 + Retry-After. */
    MAX_IN_FLIGHT_REQUESTS: count(DEFAULT_IN_FLIGHT_LIMITS.requests),
    /** CloudEvent deliveries (`/events`) handled at once; more get 503 + Retry-After, which senders retry. */
    MAX_IN_FLIGHT_EVENTS: count(DEFAULT_IN_FLIGHT_LIMITS.events),
    /**
     * Where OpenTelemetry spans go (OTLP over HTTP, e.g. `http://otel-collector:4318`); unset: nothing is
     * traced. The exporter reads it, with the other standard OTEL_* variables, from the environment.
     */
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  });
  return settings.superRefine(clientCredentialsComplete).superRefine(relaysComplete);
}

/**
 * A partial OAuth client (or none beside a real issuer, which trusts no dev issuer's tokens) names each
 * missing variable.
 */
function clientCredentialsComplete(settings: ClientCredentialSettings, context: z.RefinementCtx): void {
  const given = [...CLIENT_CREDENTIALS, 'AUTH_TOKEN_SCOPE'] as const;
  const set = given.filter((name) => settings[name] !== undefined);
  if (set.length === 0 && settings.AUTH_JWKS_URL === undefined) return;
  for (const name of CLIENT_CREDENTIALS.filter((name) => settings[name] === undefined)) {
    context.addIssue({
      code: 'custom',
      path: [name],
      message:
        set.length > 0
          ? `required with ${set.join(', ')}, but not set`
          : "required with AUTH_JWKS_URL (this service's OAuth client for its calls to other services), but not set",
    });
  }
}

/**
 * Refuses relays configured in part, relays without the events audience their tokens are bound to, a relay
 * issuer named like the main one (tokens are told apart by `iss`) and a sink token without a sink, naming
 * the variable at fault.
 */
function relaysComplete(settings: RelaySettings, context: z.RefinementCtx): void {
  const refuse = (name: string, message: string) =>
    context.addIssue({ code: 'custom', path: [name], message });
  if (settings.K_SINK_TOKEN_FILE !== undefined && settings.K_SINK === undefined) {
    refuse('K_SINK', 'required with K_SINK_TOKEN_FILE (the sink that token is for), but not set');
  }
  const given = (name: (typeof RELAYS)[number]) =>
    name === 'EVENT_RELAY_SUBJECTS' ? settings[name].length > 0 : settings[name] !== undefined;
  const set = RELAYS.filter(given);
  if (set.length === 0) return;
  for (const name of RELAYS.filter((name) => !given(name))) {
    const missing = name === 'EVENT_RELAY_SUBJECTS' ? 'names no subject' : 'not set';
    refuse(name, `required with ${set.join(', ')}, but ${missing}`);
  }
  if (settings.AUTH_EVENTS_AUDIENCE === undefined) {
    refuse(
      'AUTH_EVENTS_AUDIENCE',
      `required with ${set.join(', ')} (the audience relay tokens are bound to), but not set`,
    );
  }
  if (
    settings.AUTH_EVENTS_RELAY_ISSUER !== undefined &&
    settings.AUTH_EVENTS_RELAY_ISSUER === settings.AUTH_ISSUER
  ) {
    refuse(
      'AUTH_EVENTS_RELAY_ISSUER',
      'must differ from AUTH_ISSUER: relay tokens are told apart by their issuer',
    );
  }
}

/** The parsed common settings. */
export type CommonSettings = z.infer<ReturnType<typeof commonSettings>>;
