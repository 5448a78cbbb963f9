/**
 * Runs `work` on every item with at most `limit` of them under way at once, and answers the results in the
 * items' order. A rejection rejects the whole, as Promise.all does: callers that must not stop on one
 * failure catch inside `work`.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, lane));
  return results;
}
