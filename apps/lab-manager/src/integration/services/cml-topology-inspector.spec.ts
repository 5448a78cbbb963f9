import { TopologyValidator, buildTopology } from '@lcm/cml-simulator';
import { parse, stringify } from 'yaml';
import { aTopologyYaml } from '../../testing/builders';
import { CmlTopologyInspector } from './cml-topology-inspector';

describe('CmlTopologyInspector', () => {
  const inspector = new CmlTopologyInspector();

  it('agrees with the CML simulator on which topologies CML would import', () => {
    const valid = aTopologyYaml({ nodeCount: 3 });
    const noLinks = stringify({ ...buildTopology(), links: undefined });
    const badNode = stringify({ ...buildTopology(), nodes: [{ id: 'n0' }] });
    const dangling = valid.replace('n2: n1', 'n2: n7');
    const simulator = new TopologyValidator();

    for (const yaml of [valid, noLinks, badNode, dangling]) {
      expect([yaml, inspector.inspect(yaml).valid]).toEqual([yaml, simulator.validate(parse(yaml)).valid]);
    }
  });

  it('validates the topology with placeholders standing in for numbers, as CML receives it substituted', () => {
    const yaml = aTopologyYaml().replace(/x: 100/, 'x: ${PORT_OFFSET}');
    const inspection = inspector.inspect(yaml);
    expect(inspection).toMatchObject({ valid: true, portTemplate: ['PORT_OFFSET'], nodeCount: 2 });
  });

  it('hashes the same text the same way whatever its line endings', () => {
    const yaml = aTopologyYaml();
    const unix = inspector.inspect(yaml);
    const windows = inspector.inspect(yaml.replace(/\n/g, '\r\n'));
    expect(unix.valid && windows.valid && unix.topologyHash === windows.topologyHash).toBe(true);
  });
});
