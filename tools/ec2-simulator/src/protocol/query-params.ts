import { Ec2Error } from './ec2-error';

/**
 * Read access to an EC2 Query request body. The SDK flattens lists as `Name.1`, `Name.2` and structures
 * in lists as `Name.1.Field`; this class turns those back into values and answers EC2-style errors for
 * missing or malformed parameters, so actions never touch raw keys.
 */
export class QueryParams {
  private constructor(private readonly values: ReadonlyMap<string, string>) {}

  /** Parses an `application/x-www-form-urlencoded` body. */
  static parse(body: string): QueryParams {
    return new QueryParams(new Map(new URLSearchParams(body)));
  }

  /** The `Action` the request asks for, if any. */
  get action(): string | undefined {
    return this.string('Action');
  }

  /** A scalar parameter, or `undefined` when absent. */
  string(name: string): string | undefined {
    return this.values.get(name);
  }

  /** A scalar parameter the action cannot do without. */
  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined || value === '') throw Ec2Error.missingParameter(name);
    return value;
  }

  /** An integer parameter; a non-integer is refused as EC2 does rather than silently truncated. */
  integer(name: string): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value)) {
      throw Ec2Error.invalidParameterValue(
        `Value (${value}) for parameter ${name} is invalid. Expected an integer.`,
      );
    }
    return Number(value);
  }

  /** A boolean parameter (`true`/`false`). */
  boolean(name: string): boolean | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (value !== 'true' && value !== 'false') {
      throw Ec2Error.invalidParameterValue(
        `Value (${value}) for parameter ${name} is invalid. Expected a boolean.`,
      );
    }
    return value === 'true';
  }

  /** A list of scalars sent as `name.1`, `name.2`, … in index order. */
  list(name: string): string[] {
    const prefix = `${name}.`;
    return [...this.values]
      .filter(([key]) => key.startsWith(prefix) && /^\d+$/.test(key.slice(prefix.length)))
      .sort(([a], [b]) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)))
      .map(([, value]) => value);
  }

  /** A list of structures sent as `name.N.Field…`, each scoped so its fields read as top-level names. */
  structList(name: string): QueryParams[] {
    const pattern = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.(.+)$`);
    const byIndex = new Map<number, Map<string, string>>();
    for (const [key, value] of this.values) {
      const match = pattern.exec(key);
      if (!match) continue;
      const index = Number(match[1]);
      const fields = byIndex.get(index) ?? new Map<string, string>();
      fields.set(match[2], value);
      byIndex.set(index, fields);
    }
    return [...byIndex].sort(([a], [b]) => a - b).map(([, fields]) => new QueryParams(fields));
  }
}
