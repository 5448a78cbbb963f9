// `npm run token -- --role admin [--role user] [--sub alice] [--minutes 60] [--client lab-manager]`: prints
// one token from the dev issuer the embedded services trust (its key file is AUTH_DEV_KEY_FILE, default
// .lcm/dev-issuer.json, created by the first service or this command). `--client` names the OAuth client
// (in the AUTH_CLIENT_ID_CLAIM claim, default `azp`) that `POST /events` checks against the event's
// producer. Prints the token and nothing else, for `$(...)`.
import { parseArgs } from 'node:util';
import { DevIssuer } from '@lcm/neuro-core/hosting';

const ROLES = ['admin', 'manager', 'user', 'service'];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true, default: ['user'] },
      sub: { type: 'string' },
      minutes: { type: 'string', default: '480' },
      client: { type: 'string' },
    },
  });
  const roles = values.role ?? ['user'];
  const unknown = roles.filter((role) => !ROLES.includes(role));
  if (unknown.length) throw new Error(`unknown role ${unknown.join(', ')}; use ${ROLES.join(', ')}`);
  const minutes = Number(values.minutes);
  if (!Number.isInteger(minutes) || minutes <= 0) throw new Error('--minutes takes a whole number above 0');
  const issuer = await DevIssuer.loadOrCreate(process.env['AUTH_DEV_KEY_FILE'] ?? '.lcm/dev-issuer.json', {
    rolesClaim: process.env['AUTH_ROLES_CLAIM'] ?? 'realm_access.roles',
  });
  const sub = values.sub ?? (values.client ? `service-account-${values.client}` : `dev-${roles[0]}`);
  const claims = values.client ? { [process.env['AUTH_CLIENT_ID_CLAIM'] ?? 'azp']: values.client } : {};
  process.stdout.write(`${await issuer.mint({ sub, roles, claims, expiresIn: minutes * 60 })}\n`);
}

main().catch((error: unknown) => {
  console.error(`token: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
