import { buildTopology } from './topology-builder';
import { TopologyValidator } from './topology-validator';

describe('TopologyValidator', () => {
  const validator = new TopologyValidator();

  it('accepts a topology that follows the spec', () => {
    expect(validator.validate(buildTopology({ nodeCount: 4 }))).toMatchObject({ valid: true });
  });

  it('reports every schema problem with its path', () => {
    const topology = buildTopology();
    const broken = {
      ...topology,
      lab: { title: 'x' },
      nodes: [{ ...topology.nodes[0], x: 99999, label: undefined }],
    };

    const result = validator.validate(JSON.parse(JSON.stringify(broken)));

    expect(result.valid).toBe(false);
    const problems = result.valid ? [] : result.problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        "/lab: must have required property 'version'",
        "/nodes/0: must have required property 'label'",
        '/nodes/0/x: must be <= 15000',
      ]),
    );
  });

  it('rejects links to nodes or interfaces that do not exist', () => {
    const topology = buildTopology({ nodeCount: 2 });
    topology.links[0] = { ...topology.links[0], n2: 'n9', i1: 'i7' };

    const result = validator.validate(topology);

    expect(result.valid ? [] : result.problems).toEqual([
      '/links/0: interface i7 does not exist on node n0',
      '/links/0: node n9 does not exist',
    ]);
  });

  it('rejects unknown properties, as the schema forbids them', () => {
    const result = validator.validate({ ...buildTopology(), extra: true });

    expect(result.valid ? [] : result.problems).toContain('/: must NOT have additional properties');
  });
});
