import { envList } from './env-list';

describe('envList', () => {
  it('splits on commas, trims, and drops empty entries, keeping colons and case', () => {
    expect(envList().parse(' system:serviceaccount:lcm:Relay , b,, ')).toEqual([
      'system:serviceaccount:lcm:Relay',
      'b',
    ]);
  });

  it('reads an empty value as an empty list', () => {
    expect(envList().parse('')).toEqual([]);
  });
});
