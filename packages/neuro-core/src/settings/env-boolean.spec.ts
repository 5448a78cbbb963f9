import { z } from 'zod';
import { envBoolean } from './env-boolean';

describe('envBoolean', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    [' 1 ', true],
    ['false', false],
    ['False', false],
    ['0', false],
  ])('reads %j as %s', (raw, expected) => {
    expect(envBoolean().parse(raw)).toBe(expected);
  });

  it.each(['yes', 'ture', '', '2'])('refuses %j instead of reading it as false', (raw) => {
    const result = envBoolean().safeParse(raw);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('expected true, false, 1 or 0');
  });

  it('takes a default when the variable is not set', () => {
    expect(z.object({ FLAG: envBoolean().default(true) }).parse({})).toEqual({ FLAG: true });
  });
});
