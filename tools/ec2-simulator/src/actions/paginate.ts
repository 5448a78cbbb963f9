import { Ec2Error } from '../protocol/ec2-error';

/** One page of a paginated Describe call and the token for the next one, if any. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextToken?: string;
}

/**
 * Pages items that are in launch order. The token names the launch sequence number of the last item
 * returned rather than an offset, so instances launched or purged between pages neither repeat nor
 * get skipped. `MaxResults` is bounded as EC2 bounds it (5 to 1000).
 */
export function paginate<T extends { readonly seq: number }>(
  items: readonly T[],
  maxResults: number | undefined,
  nextToken: string | undefined,
): Page<T> {
  if (maxResults !== undefined && (maxResults < 5 || maxResults > 1000)) {
    throw Ec2Error.invalidParameterValue(
      `Value (${maxResults}) for parameter maxResults is invalid. Expect 5-1000.`,
    );
  }
  const after = nextToken === undefined ? 0 : decodeToken(nextToken);
  const remaining = items.filter((item) => item.seq > after);
  if (maxResults === undefined || remaining.length <= maxResults) return { items: remaining };
  const page = remaining.slice(0, maxResults);
  return { items: page, nextToken: encodeToken(page[page.length - 1].seq) };
}

function encodeToken(seq: number): string {
  return Buffer.from(JSON.stringify({ after: seq })).toString('base64url');
}

function decodeToken(token: string): number {
  try {
    const { after } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof after === 'number' && Number.isInteger(after)) return after;
  } catch {
    // fall through to the EC2-style refusal below
  }
  throw Ec2Error.invalidParameterValue(`Invalid NextToken: '${token}'`);
}
