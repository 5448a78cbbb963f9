import { envPairList } from './env-pair-list';

describe('envPairList', () => {
  it('reads comma-separated key=value pairs, trimmed, empty entries dropped', () => {
    expect(envPairList().parse(' worker-manager = lcm-wm ,, assessment-system=lcm-grader, ')).toEqual(
      new Map([
        ['worker-manager', 'lcm-wm'],
        ['assessment-system', 'lcm-grader'],
      ]),
    );
  });

  it('reads an empty value as no pairs', () => {
    expect(envPairList().parse('')).toEqual(new Map());
  });

  it('refuses entries that are not key=value and keys given twice, saying which entry', () => {
    const result = envPairList().safeParse('a=1,b,=2,c=,d=1=2,a=3');
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      'entry 2 is not key=value',
      'entry 3 is not key=value',
      'entry 4 is not key=value',
      'entry 5 is not key=value',
      'entry 6 repeats a',
    ]);
  });
});
