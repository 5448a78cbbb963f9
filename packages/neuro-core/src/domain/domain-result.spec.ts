import { DomainResult } from './domain-result';

describe('DomainResult', () => {
  it('carries the value of an allowed operation', () => {
    expect(DomainResult.ok(3)).toEqual({ ok: true, value: 3 });
  });

  it('is ok without a value for operations that return nothing', () => {
    const result: DomainResult = DomainResult.ok();
    expect(result).toEqual({ ok: true, value: undefined });
  });

  it('carries the reason of a refused operation', () => {
    const result = DomainResult.fail<number>('worker w1 is TERMINATED; start is not allowed');
    expect(result).toEqual({ ok: false, error: 'worker w1 is TERMINATED; start is not allowed' });
    if (!result.ok) expect(result.error).toContain('TERMINATED');
  });
});
