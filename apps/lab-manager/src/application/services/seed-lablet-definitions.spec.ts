import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@lcm/neuro-core/hosting';
import { stringify } from 'yaml';
import { aDefinitionBody } from '../../testing/builders';
import { createLabManagerHarness } from '../../testing/lab-manager-harness';
import { GetLabletDefinitionsQuery } from '../queries/get-lablet-definitions.query';
import { seedLabletDefinitions } from './seed-lablet-definitions';

const silent = createLogger('lab-manager', { level: 'silent' });

describe('seedLabletDefinitions', () => {
  it('adds the shipped sample definition, a valid 2-node CML topology with two port placeholders', async () => {
    const lab = createLabManagerHarness();
    const created = await seedLabletDefinitions(
      lab.mediator,
      silent,
      join(__dirname, '../../../config/sample-lablet.yaml'),
    );

    const listed = await lab.mediator.execute(new GetLabletDefinitionsQuery('two-router-basics'));
    expect(created).toBe(1);
    expect(listed.ok && listed.value[0]).toMatchObject({
      nodeCount: 2,
      portTemplate: ['PORT_SERIAL_1', 'PORT_SERIAL_2'],
    });
    lab.close();
  });

  it('keeps existing versions on a second start and skips a bad entry without stopping', async () => {
    const lab = createLabManagerHarness();
    const file = join(mkdtempSync(join(tmpdir(), 'seed-')), 'seed.yaml');
    writeFileSync(file, stringify({ definitions: [aDefinitionBody(), { name: 'broken', version: 'x' }] }));

    const first = await seedLabletDefinitions(lab.mediator, silent, file);
    const second = await seedLabletDefinitions(lab.mediator, silent, file);

    const listed = await lab.mediator.execute(new GetLabletDefinitionsQuery());
    expect([first, second]).toEqual([1, 0]);
    expect(listed.ok && listed.value.map((d) => d.name)).toEqual(['ccna-basics']);
    lab.close();
  });
});
