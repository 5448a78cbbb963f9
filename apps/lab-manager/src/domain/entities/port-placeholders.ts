/** Matches `${PORT_<NAME>}` placeholders; NAME is upper-case letters, digits and underscores. */
const PLACEHOLDER = /\$\{(PORT_[A-Z0-9_]+)\}/g;

/** Ports by placeholder name, e.g. `{ PORT_SERIAL_1: 2001 }`. */
export type PortMap = Record<string, number>;

/**
 * The distinct `${PORT_*}` placeholder names of a topology text, sorted, so a definition's port template
 * and the ports allocated for it are listed in one stable order.
 */
export function portPlaceholders(topologyYaml: string): string[] {
  return [...new Set([...topologyYaml.matchAll(PLACEHOLDER)].map((match) => match[1] as string))].sort();
}

/**
 * Replaces every `${PORT_X}` with its port. A placeholder without a port is left as it is: callers
 * allocate one port per name of the definition's port template, so that only happens on a bug.
 */
export function substitutePorts(topologyYaml: string, ports: PortMap): string {
  return topologyYaml.replace(PLACEHOLDER, (whole, name: string) =>
    ports[name] === undefined ? whole : String(ports[name]),
  );
}
