import pino, { type DestinationStream, type Logger } from 'pino';
import { REDACTED, redactSecrets } from './redact-secrets';

export type { Logger };

/** DI token of the service's root pino logger. */
export const LOGGER = Symbol.for('lcm.Logger');

/**
 * Paths pino replaces with `[redacted]`. Log entries are scrubbed by key name at any depth
 * (`redactSecrets`), but child-logger bindings never pass through that formatter: these paths are what
 * covers them.
 */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  '*.*.password',
  'token',
  '*.token',
  '*.*.token',
  'secret',
  '*.secret',
  'accessKeyId',
  '*.accessKeyId',
  'secretAccessKey',
  '*.secretAccessKey',
  'authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
];

/**
 * Creates the service logger: JSON lines (pretty when `LOG_PRETTY=true`), level from `LOG_LEVEL`,
 * `service` on every line, and secrets redacted: by key name at any depth in entries, by path in child
 * bindings. `destination` replaces stdout (tests read the lines back from it); the
 * lines written there are always JSON, as pretty printing is a stdout transport.
 */
export function createLogger(
  service: string,
  options: { level?: string; pretty?: boolean; destination?: DestinationStream } = {},
): Logger {
  const level = options.level ?? process.env['LOG_LEVEL'] ?? 'info';
  const pretty = !options.destination && (options.pretty ?? process.env['LOG_PRETTY'] === 'true');
  return pino(
    {
      level,
      base: { service },
      redact: { paths: REDACTED_PATHS, censor: REDACTED },
      formatters: { log: (entry) => redactSecrets(entry) },
      timestamp: pino.stdTimeFunctions.isoTime,
      ...(pretty
        ? {
            transport: {
              target: 'pino-pretty',
              // One line per entry: the launcher already prefixes each line with the service name.
              options: { translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname,service', singleLine: true },
            },
          }
        : {}),
    },
    options.destination,
  );
}
