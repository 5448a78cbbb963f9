// `npm run token -- --role admin [--role user] [--sub alice] [--minutes 60]`: prints one token from the dev
// issuer the embedded services trust (its key file is AUTH_DEV_KEY_FILE, default .lcm/dev-issuer.json,
// created by the first service or this command). Prints the token and nothing else, for `$(...)`.
import { parseArgs } from 'node:util';
import { DevIssuer } from '@lcm/neuro-core/hosting';

const ROLES = ['admin', 'manager', 'user', 'service'];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true, default: ['user'] },
      sub: { type: 'string' },
      minutes: { type: 'string', default: '480' },
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
  const sub = values.sub ?? `dev-${roles[0]}`;
  process.stdout.write(`${await issuer.mint({ sub, roles, expiresIn: minutes * 60 })}\n`);
}

main().catch((error: unknown) => {
  console.error(`token: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
