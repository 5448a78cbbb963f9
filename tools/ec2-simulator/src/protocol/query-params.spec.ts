import { QueryParams } from './query-params';

describe('QueryParams', () => {
  it('reads flattened lists in index order, however the body orders them', () => {
    const params = QueryParams.parse('InstanceId.2=i-b&InstanceId.10=i-c&InstanceId.1=i-a&InstanceIdX=no');

    expect(params.list('InstanceId')).toEqual(['i-a', 'i-b', 'i-c']);
  });

  it('reads lists of structures such as filters and tag specifications', () => {
    const params = QueryParams.parse(
      'Filter.1.Name=tag%3Aenv&Filter.1.Value.1=dev&Filter.1.Value.2=prod&Filter.2.Name=instance-state-name' +
        '&TagSpecification.1.Tag.1.Key=Name&TagSpecification.1.Tag.1.Value=a%26b',
    );

    const [env, state] = params.structList('Filter');
    expect([env.string('Name'), env.list('Value')]).toEqual(['tag:env', ['dev', 'prod']]);
    expect([state.string('Name'), state.list('Value')]).toEqual(['instance-state-name', []]);
    expect(params.structList('TagSpecification')[0].structList('Tag')[0].string('Value')).toBe('a&b');
  });

  it('refuses a missing required parameter and a non-integer number with EC2 error codes', () => {
    const params = QueryParams.parse('MaxResults=ten');

    expect(() => params.requiredString('ImageId')).toThrow(
      expect.objectContaining({ code: 'MissingParameter' }),
    );
    expect(() => params.integer('MaxResults')).toThrow(
      expect.objectContaining({ code: 'InvalidParameterValue' }),
    );
  });
});
