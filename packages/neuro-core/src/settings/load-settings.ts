import type { ZodType, core } from 'zod';
import { FrameworkError } from '../core/framework-error';

type Environment = Readonly<Record<string, string | undefined>>;

/** Variables whose values never appear in an error message (matched on the name, case-insensitively). */
const SECRET_NAME = /PASSWORD|SECRET|TOKEN|KEY/i;
const SHOWN_LENGTH = 80;

/**
 * Parses the environment with a service's zod settings schema and returns the typed settings. Coercion
 * and defaults are the schema's business. A bad environment throws one FrameworkError ('invalidSettings')
 * whose message is a single line naming each bad variable, what was expected and, unless the name
 * says it is a secret, the value found: start-up logs stay readable and never leak credentials.
 */
export function loadSettings<T>(schema: ZodType<T>, env: Environment = process.env): T {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => describeIssue(issue, env));
  const noun = problems.length === 1 ? 'setting' : 'settings';
  const separator = result.error.issues[0]!.path.length > 0 ? ' ' : ': ';
  throw new FrameworkError('invalidSettings', `invalid ${noun}${separator}${problems.join('; ')}`);
}

function describeIssue(issue: core.$ZodIssue, env: Environment): string {
  const [variable] = issue.path;
  const raw = typeof variable === 'string' ? env[variable] : undefined;
  const name = issue.path.map(String).join('.');
  const problem = problemOf(issue, raw);
  const shown = raw === undefined || SECRET_NAME.test(name) ? '' : `, got ${show(raw)}`;
  return name ? `${name}: ${problem}${shown}` : problem;
}

function problemOf(issue: core.$ZodIssue, raw: string | undefined): string {
  if (issue.code === 'invalid_type') {
    if (raw === undefined) return 'required, but not set';
    return `expected ${withArticle(issue.expected)}`;
  }
  const line = issue.message.replace(/\s*[\r\n]+\s*/g, ' ');
  // Lower-case a sentence's first word to fit after the colon, but leave names like MIN_WORKERS alone.
  return /^[A-Z][a-z]/.test(line) ? line.charAt(0).toLowerCase() + line.slice(1) : line;
}

function withArticle(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function show(raw: string): string {
  return JSON.stringify(raw.length > SHOWN_LENGTH ? `${raw.slice(0, SHOWN_LENGTH)}…` : raw);
}
