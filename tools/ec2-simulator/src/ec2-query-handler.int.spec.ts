import { startEc2Simulator, type Ec2Simulator } from './index';

describe('EC2 Query endpoint', () => {
  let simulator: Ec2Simulator;

  beforeAll(async () => {
    simulator = await startEc2Simulator();
  });
  afterAll(() => simulator.close());

  const post = async (body: string) => {
    const response = await fetch(simulator.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      xml: await response.text(),
    };
  };

  it('answers in the 2016-11-15 namespace with a requestId', async () => {
    const { status, contentType, xml } = await post('Action=DescribeInstances&Version=2016-11-15');

    expect(status).toBe(200);
    expect(contentType).toMatch(/^text\/xml/);
    expect(xml).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<DescribeInstancesResponse xmlns="http:\/\/ec2\.amazonaws\.com\/doc\/2016-11-15\/"><requestId>[0-9a-f-]{36}<\/requestId><reservationSet\/><\/DescribeInstancesResponse>$/,
    );
  });

  it('answers an unknown action with an EC2 error document and status 400', async () => {
    const { status, xml } = await post('Action=LaunchRockets&Version=2016-11-15');

    expect(status).toBe(400);
    expect(xml).toMatch(
      /<Response><Errors><Error><Code>InvalidAction<\/Code><Message>The action LaunchRockets is not valid for this web service\.<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/,
    );
  });

  it('answers MissingAction without an Action and MissingParameter for a missing required one', async () => {
    expect((await post('Version=2016-11-15')).xml).toContain('<Code>MissingAction</Code>');
    expect((await post('Action=StopInstances&Version=2016-11-15')).xml).toContain(
      '<Code>MissingParameter</Code><Message>The request must contain the parameter InstanceId</Message>',
    );
  });

  it('escapes tag values in responses', async () => {
    await post(
      'Action=RunInstances&Version=2016-11-15&ImageId=ami-0c3a1e0b2d4f60291&MinCount=1&MaxCount=1' +
        '&TagSpecification.1.ResourceType=instance&TagSpecification.1.Tag.1.Key=Name&TagSpecification.1.Tag.1.Value=' +
        encodeURIComponent('<a & "b">'),
    );

    const { xml } = await post('Action=DescribeInstances&Version=2016-11-15');

    expect(xml).toContain('<value>&lt;a &amp; &quot;b&quot;&gt;</value>');
  });
});
