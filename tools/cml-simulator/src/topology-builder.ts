import type { CmlTopology } from '@lcm/cml-client';

/**
 * A valid CML topology of `nodeCount` IOSv routers chained by links, for tests here and in the packages
 * that import labs into the simulator; `title` and `version` go into the lab header.
 */
export function buildTopology(
  options: { title?: string; nodeCount?: number; version?: string } = {},
): CmlTopology {
  const nodeCount = options.nodeCount ?? 2;
  const nodes = Array.from({ length: nodeCount }, (_, index) => ({
    id: `n${index}`,
    label: `r${index + 1}`,
    node_definition: 'iosv',
    x: index * 100,
    y: 0,
    configuration: `hostname r${index + 1}`,
    interfaces: [
      { id: 'i0', type: 'physical' as const, label: 'GigabitEthernet0/0', slot: 0 },
      { id: 'i1', type: 'physical' as const, label: 'GigabitEthernet0/1', slot: 1 },
    ],
  }));
  const links = nodes.slice(1).map((node, index) => ({
    id: `l${index}`,
    n1: `n${index}`,
    i1: 'i1',
    n2: node.id,
    i2: 'i0',
  }));
  return {
    lab: {
      version: (options.version ?? '0.2.2') as CmlTopology['lab']['version'],
      title: options.title ?? 'Test lab',
    },
    nodes,
    links,
  };
}
