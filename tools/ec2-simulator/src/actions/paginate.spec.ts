import { paginate } from './paginate';

const items = (...seqs: number[]) => seqs.map((seq) => ({ seq }));

describe('paginate', () => {
  it('continues after the last item returned, even when items were added or removed in between', () => {
    const first = paginate(items(1, 2, 3, 4, 5, 6, 7), 5, undefined);
    const second = paginate(items(1, 3, 6, 7, 8), 5, first.nextToken);

    expect(first.items.map((i) => i.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(second).toEqual({ items: items(6, 7, 8) });
  });

  it('returns everything without MaxResults and refuses bad bounds and tokens', () => {
    expect(paginate(items(1, 2), undefined, undefined)).toEqual({ items: items(1, 2) });
    expect(() => paginate(items(1), 4, undefined)).toThrow(
      expect.objectContaining({ code: 'InvalidParameterValue' }),
    );
    expect(() => paginate(items(1), 5, 'garbage')).toThrow("Invalid NextToken: 'garbage'");
  });
});
