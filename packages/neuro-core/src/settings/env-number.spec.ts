import { z } from 'zod';
import { envNumber } from './env-number';

describe('envNumber', () => {
  it.each([
    ['8081', 8081],
    [' 2.5 ', 2.5],
    ['-3', -3],
    ['1e3', 1000],
  ])('reads %j as %d', (raw, expected) => {
    expect(envNumber().parse(raw)).toBe(expected);
  });

  it.each(['', '  ', 'abc', '12px', 'Infinity'])('refuses %j', (raw) => {
    const result = envNumber().safeParse(raw);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('expected a number');
  });

  it('takes bounds from a piped number schema', () => {
    const port = envNumber().pipe(z.number().int().min(1).max(65535));
    expect(port.parse('443')).toBe(443);
    expect(port.safeParse('70000').success).toBe(false);
    expect(port.safeParse('1.5').success).toBe(false);
  });
});
