import { CmlError } from './cml-error';
import { parseTopology } from './parse-topology';

describe('parseTopology', () => {
  it('parses CML YAML into the object /import takes', () => {
    const yaml = ['lab:', '  version: 0.2.2', '  title: Demo', 'nodes: []', 'links: []'].join('\n');

    expect(parseTopology(yaml)).toEqual({ lab: { version: '0.2.2', title: 'Demo' }, nodes: [], links: [] });
  });

  it('passes an object through untouched', () => {
    const topology = { lab: { version: '0.2.2' as const }, nodes: [], links: [] };

    expect(parseTopology(topology)).toBe(topology);
  });

  it('rejects text that is not YAML, or not a mapping, as invalidInput', () => {
    expect(() => parseTopology('lab: [unclosed')).toThrow(expect.objectContaining({ kind: 'invalidInput' }));
    expect(() => parseTopology('- just\n- a list')).toThrow(/must hold a mapping/);
    expect(() => parseTopology('3')).toThrow(CmlError);
  });
});
