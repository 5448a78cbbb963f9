import { LabletDefinitionEventTypes, LabletDefinitionSchema } from '@lcm/contracts';
import { type LabManagerHarness, createLabManagerHarness } from '../../testing/lab-manager-harness';
import { aDefinitionBody, aTopologyYaml } from '../../testing/builders';
import { GetLabletDefinitionsQuery } from '../queries/get-lablet-definitions.query';
import { CreateLabletDefinitionCommand } from './create-lablet-definition.command';
import { SetLabletDefinitionEnabledCommand } from './set-lablet-definition-enabled.command';

describe('CreateLabletDefinitionCommand', () => {
  let lab: LabManagerHarness;
  const create = (overrides: Parameters<typeof aDefinitionBody>[0] = {}) =>
    lab.mediator.execute(new CreateLabletDefinitionCommand(aDefinitionBody(overrides), 'manager-1'));

  beforeEach(() => {
    lab = createLabManagerHarness();
  });
  afterEach(() => lab.close());

  it('creates a version with node count, port template and topology hash taken from the topology', async () => {
    const result = await create({
      topologyYaml: aTopologyYaml({ nodeCount: 3, ports: ['PORT_SERIAL_2', 'PORT_SERIAL_1'] }),
    });

    expect(result.status).toBe(201);
    if (!result.ok) throw new Error(result.problem.detail);
    expect(result.value).toMatchObject({
      name: 'ccna-basics',
      version: '1.0.0',
      nodeCount: 3,
      enabled: true,
      createdBy: 'manager-1',
    });
    expect(result.value.portTemplate).toEqual(['PORT_SERIAL_1', 'PORT_SERIAL_2']);
    expect(result.value.topologyHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('emits lablet-definition.created with exactly the contract data, without the topology', async () => {
    const result = await create();
    const [event] = lab.published(LabletDefinitionEventTypes.created);

    expect(event?.subject).toBe(result.ok ? result.value.id : 'none');
    expect(LabletDefinitionSchema.strict().parse(event?.data)).toMatchObject({
      name: 'ccna-basics',
      version: '1.0.0',
    });
  });

  it('accepts a greater version with a changed topology', async () => {
    await create();
    const next = await create({ version: '1.1.0', topologyYaml: aTopologyYaml({ nodeCount: 3 }) });
    expect(next.status).toBe(201);
  });

  it('refuses with 409 a new version whose topology hash equals the latest version', async () => {
    await create();
    const same = await create({ version: '1.0.1' });

    expect(same.status).toBe(409);
    if (!same.ok) expect(same.problem.detail).toContain('identical to the latest version 1.0.0');
  });

  it('refuses with 409 an existing version, since versions are immutable', async () => {
    await create();
    const again = await create({ topologyYaml: aTopologyYaml({ nodeCount: 4 }) });
    expect(again.status).toBe(409);
  });

  it('refuses with 409 a version lower than the latest', async () => {
    await create({ version: '2.0.0' });
    const older = await create({ version: '1.5.0', topologyYaml: aTopologyYaml({ nodeCount: 4 }) });
    expect(older.status).toBe(409);
  });

  it('refuses with 400 a topology that is not a CML Topology, naming the problems', async () => {
    const result = await create({ topologyYaml: 'lab:\n  title: x\nnodes: 3\n' });

    expect(result.status).toBe(400);
    if (!result.ok) expect(result.problem.errors?.length).toBeGreaterThan(0);
  });

  it('refuses with 400 a topology whose link names a node that does not exist', async () => {
    const yaml = aTopologyYaml().replace('n1: n0', 'n1: n9');
    const result = await create({ topologyYaml: yaml });

    expect(result.status).toBe(400);
    if (!result.ok) expect(result.problem.detail).toContain('node n9 does not exist');
  });

  it('refuses with 400 text that is not YAML', async () => {
    expect((await create({ topologyYaml: 'lab: [unclosed' })).status).toBe(400);
  });

  it('refuses with 400 a PERSONAL definition over 20 nodes, but takes 21 nodes for ENTERPRISE only', async () => {
    const big = aTopologyYaml({ nodeCount: 21 });
    const personal = await create({ topologyYaml: big, licenseAffinity: ['PERSONAL'] });
    const enterprise = await create({ topologyYaml: big, licenseAffinity: ['ENTERPRISE'] });

    expect(personal.status).toBe(400);
    if (!personal.ok) expect(personal.problem.detail).toContain('at most 20');
    expect(enterprise.status).toBe(201);
  });

  it('refuses with 400 a version that is not semver', async () => {
    const result = await create({ version: 'v1' });
    expect(result.status).toBe(400);
    if (!result.ok) expect(result.problem.errors?.[0]?.path).toBe('definition.version');
  });

  it('stores nothing when refused', async () => {
    await create({ version: 'v1' });
    await create({ topologyYaml: 'nodes: []' });
    const listed = await lab.mediator.execute(new GetLabletDefinitionsQuery());
    expect(listed.ok && listed.value).toEqual([]);
  });
});

describe('SetLabletDefinitionEnabledCommand', () => {
  it('disables a version once and emits lablet-definition.updated only for the change', async () => {
    const lab = createLabManagerHarness();
    const created = await lab.mediator.execute(new CreateLabletDefinitionCommand(aDefinitionBody(), 'm'));
    const id = created.ok ? created.value.id : '';

    const first = await lab.mediator.execute(new SetLabletDefinitionEnabledCommand(id, false, 'ada'));
    await lab.mediator.execute(new SetLabletDefinitionEnabledCommand(id, false, 'ada'));

    expect(first.ok && first.value.enabled).toBe(false);
    expect(first.ok && first.value.history).toEqual([
      { at: lab.clock.now().toISOString(), action: 'CREATED', by: 'm' },
      { at: lab.clock.now().toISOString(), action: 'DISABLED', by: 'ada' },
    ]);
    const updates = lab.published(LabletDefinitionEventTypes.updated);
    expect(updates).toHaveLength(1);
    expect(updates[0]?.data).toMatchObject({ definitionId: id, enabled: false });
    const enabledOnly = await lab.mediator.execute(new GetLabletDefinitionsQuery(undefined, true));
    expect(enabledOnly.ok && enabledOnly.value).toEqual([]);
    lab.close();
  });

  it('answers 404 for an unknown definition', async () => {
    const lab = createLabManagerHarness();
    expect(
      (await lab.mediator.execute(new SetLabletDefinitionEnabledCommand('nope', true, 'ada'))).status,
    ).toBe(404);
    lab.close();
  });
});
