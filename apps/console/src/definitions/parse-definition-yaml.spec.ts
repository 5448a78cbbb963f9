import { parseDefinitionYaml } from './parse-definition-yaml';

describe('reading a lablet definition file', () => {
  it('reads a definition as the body to post', () => {
    expect(parseDefinitionYaml('name: ospf\nversion: 1.0.0\n')).toEqual({
      body: { name: 'ospf', version: '1.0.0' },
    });
  });

  it('names the line of a syntax error', () => {
    const parsed = parseDefinitionYaml('name: ospf\nversion: [1.0.0\n');
    expect('error' in parsed && parsed.error).toMatch(/^line \d+: /);
  });

  it('refuses a file that is not one mapping', () => {
    expect(parseDefinitionYaml('- a\n- b\n')).toEqual({ error: expect.stringContaining('one definition') });
  });
});
