import { z } from 'zod';
import { FrameworkError } from '../core/framework-error';
import { envBoolean } from './env-boolean';
import { envNumber } from './env-number';
import { envUrlList } from './env-url-list';
import { loadSettings } from './load-settings';

const schema = z.object({
  PORT: envNumber().default(8081),
  REDIS_URL: z.string().min(1),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn']).default('info'),
  EMBEDDED: envBoolean().default(false),
});

function errorOf(run: () => unknown): FrameworkError {
  try {
    run();
  } catch (error) {
    if (FrameworkError.is(error, 'invalidSettings')) return error;
    throw error;
  }
  throw new Error('expected loadSettings to throw');
}

describe('loadSettings', () => {
  it('returns the typed settings, with the defaults of the schema', () => {
    expect(loadSettings(schema, { REDIS_URL: 'redis://127.0.0.1:6379', OTHER: 'ignored' })).toEqual({
      PORT: 8081,
      REDIS_URL: 'redis://127.0.0.1:6379',
      LOG_LEVEL: 'info',
      EMBEDDED: false,
    });
  });

  it('reads process.env when no environment is given', () => {
    process.env['NEURO_CORE_SPEC_VALUE'] = '42';
    try {
      expect(loadSettings(z.object({ NEURO_CORE_SPEC_VALUE: z.coerce.number() }))).toEqual({
        NEURO_CORE_SPEC_VALUE: 42,
      });
    } finally {
      delete process.env['NEURO_CORE_SPEC_VALUE'];
    }
  });

  it('names the variable, what was expected and the value found, on one line', () => {
    const error = errorOf(() => loadSettings(schema, { REDIS_URL: 'redis://r', PORT: 'abc' }));
    expect(error.message).toBe('invalid setting PORT: expected a number, got "abc"');
  });

  it('says so when a required variable is not set', () => {
    const error = errorOf(() => loadSettings(schema, {}));
    expect(error.message).toBe('invalid setting REDIS_URL: required, but not set');
  });

  it('lists every bad variable in one line', () => {
    const error = errorOf(() => loadSettings(schema, { PORT: '', LOG_LEVEL: 'loud', EMBEDDED: 'yes' }));
    expect(error.message).toBe(
      'invalid settings PORT: expected a number, got ""; REDIS_URL: required, but not set; ' +
        'LOG_LEVEL: invalid option: expected one of "debug"|"info"|"warn", got "loud"; ' +
        'EMBEDDED: expected true, false, 1 or 0, got "yes"',
    );
    expect(error.message).not.toContain('\n');
  });

  it('names the expected type when coercion by the schema fails', () => {
    const error = errorOf(() =>
      loadSettings(z.object({ WORKERS: z.coerce.number().int() }), { WORKERS: 'many' }),
    );
    expect(error.message).toBe('invalid setting WORKERS: expected a number, got "many"');
    const list = errorOf(() => loadSettings(z.object({ HOSTS: z.array(z.string()) }), { HOSTS: 'a,b' }));
    expect(list.message).toBe('invalid setting HOSTS: expected an array, got "a,b"');
  });

  it.each(['CML_PASSWORD', 'CLIENT_SECRET', 'LICENSE_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'api_key'])(
    'never prints the value of %s, whose name says it is a secret',
    (name) => {
      const error = errorOf(() =>
        loadSettings(z.object({ [name]: z.string().min(40) }), { [name]: 'hunter2' }),
      );
      expect(error.message).toBe(
        `invalid setting ${name}: too small: expected string to have >=40 characters`,
      );
      expect(error.message).not.toContain('hunter2');
    },
  );

  it('keeps a long value and a multi-line message to one short line', () => {
    const long = 'x'.repeat(500);
    const error = errorOf(() =>
      loadSettings(z.object({ NAME: z.string().max(3, 'too long:\n  at most 3 characters') }), {
        NAME: long,
      }),
    );
    expect(error.message).toBe(
      `invalid setting NAME: too long: at most 3 characters, got "${'x'.repeat(80)}…"`,
    );
  });

  it('names the bad entry of a URL list and shows the list', () => {
    const subscribers = z.object({ SUBSCRIBERS: envUrlList() });
    expect(loadSettings(subscribers, { SUBSCRIBERS: 'http://a,http://b' })).toEqual({
      SUBSCRIBERS: ['http://a', 'http://b'],
    });
    expect(errorOf(() => loadSettings(subscribers, { SUBSCRIBERS: 'http://a,b:80' })).message).toBe(
      'invalid setting SUBSCRIBERS: entry 2 is not a URL (http or https), got "http://a,b:80"',
    );
  });

  it('reports a problem with the settings as a whole without a variable name', () => {
    const either = z
      .object({ A: z.string().optional(), B: z.string().optional() })
      .refine((s) => s.A !== undefined || s.B !== undefined, 'Set A or B');
    expect(errorOf(() => loadSettings(either, {})).message).toBe('invalid setting: set A or B');
  });
});
