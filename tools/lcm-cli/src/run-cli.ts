import { parseArgs } from 'node:util';
import { DevIssuer } from '@lcm/neuro-core/hosting';
import { ApiClient } from './api-client';
import { CliError } from './cli-error';
import type { CliContext } from './cli-context';
import { definitionsCommand } from './commands/definitions.command';
import { sessionsCommand } from './commands/sessions.command';
import { workersCommand } from './commands/workers.command';

/** What the CLI runs with; tests pass their own. */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  out(text: string): void;
  err(text: string): void;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
}

const USAGE = `usage: npm run lcm -- <command> [--json]
  sessions request <definition> [--minutes N] [--start ISO] [--version V]
  sessions list [--status S] | show <id> [--watch] | access <id> | stop <id> | cancel <id>
  workers list | show <id> | drain <id> | stop <id> | start <id>
  definitions list | show <id> | create <file.yaml>
options: --json (machine output), --as <role> and --sub <id> (dev token), LCM_TOKEN=<jwt> (your own token)`;

/** The role each command group acts as by default with the dev issuer. */
const DEFAULT_ROLE: Record<string, string> = { sessions: 'user', workers: 'admin', definitions: 'manager' };

const commands: Record<string, (context: CliContext) => Promise<void>> = {
  sessions: sessionsCommand,
  workers: workersCommand,
  definitions: definitionsCommand,
};

function serviceUrl(env: CliIo['env'], name: string, port: number): string {
  const key = name.toUpperCase().replace('-', '_');
  return env[`LCM_${key}_URL`] ?? `http://127.0.0.1:${env[`${key}_PORT`] ?? port}`;
}

/** Runs one CLI invocation and returns its exit code: 0 done, 1 failed, 2 misused. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        watch: { type: 'boolean', default: false },
        minutes: { type: 'string' },
        status: { type: 'string' },
        start: { type: 'string' },
        version: { type: 'string' },
        as: { type: 'string' },
        sub: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const [group, ...args] = positionals;
    const command = group ? commands[group] : undefined;
    if (values.help || !command) {
      (values.help ? io.out : io.err)(USAGE);
      return values.help ? 0 : 2;
    }
    const role = values.as ?? DEFAULT_ROLE[group];
    let token: Promise<string> | undefined;
    const getToken = () =>
      (token ??= io.env['LCM_TOKEN']
        ? Promise.resolve(io.env['LCM_TOKEN'])
        : DevIssuer.loadOrCreate(io.env['AUTH_DEV_KEY_FILE'] ?? '.lcm/dev-issuer.json').then((issuer) =>
            issuer.mint({ sub: values.sub ?? `dev-${role}`, roles: [role] }),
          ));
    const client = (name: string, port: number) =>
      new ApiClient(serviceUrl(io.env, name, port), getToken, io.fetch);
    const { json, ...flags } = values;
    await command({
      args,
      flags: flags as Record<string, string | boolean>,
      json: Boolean(json),
      out: io.out,
      workers: client('worker-manager', 8081),
      labs: client('lab-manager', 8082),
      sessions: client('session-manager', 8083),
      sleep: io.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    });
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      io.err(error.message);
      return error.exitCode;
    }
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(error as Error).message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}
