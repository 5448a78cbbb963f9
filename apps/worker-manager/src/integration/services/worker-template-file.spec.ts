import { SeedWorkerTemplatesCommand } from '../../application/commands/seed-worker-templates.command';
import { DEFAULT_WORKER_TEMPLATES_FILE } from '../../application/settings';
import {
  WORKER_TEMPLATE_REPOSITORY,
  type WorkerTemplateRepository,
} from '../../domain/repositories/worker-template.repository';
import { mediatorFixture } from '../../testing/mediator-fixture';
import { readWorkerTemplateFile } from './worker-template-file';

describe('the shipped worker template file', () => {
  it('seeds the five shipped templates from the YAML, skipping a bad entry', async () => {
    const { mediator, repository } = mediatorFixture();
    const entries = await readWorkerTemplateFile(DEFAULT_WORKER_TEMPLATES_FILE);
    const result = await mediator.execute(
      new SeedWorkerTemplatesCommand([...entries, { name: 'Bad Name!' }]),
    );
    expect(result).toMatchObject({ ok: true, value: { created: 5, updated: 0, skipped: 1 } });
    const templates = await repository<WorkerTemplateRepository>(WORKER_TEMPLATE_REPOSITORY).find(
      {},
      { sort: { costPerHourUsd: 1 } },
    );
    expect(
      templates.map(
        (t) => `${t.id}:${t.state.instanceType}:${t.state.capacity.maxNodes}:${t.state.costPerHourUsd}`,
      ),
    ).toEqual([
      'micro:t3.micro:2:0.0104',
      'small:t3.small:5:0.0208',
      'medium:t3.medium:15:0.0416',
      'large:t3.large:30:0.0832',
      'metal:m5zn.metal:200:3.9641',
    ]);
    expect(templates[0]!.state).toMatchObject({
      drainTimeoutHours: 4,
      portRange: { start: 2000, end: 9999 },
      enabled: true,
    });
  });

  it('upserts by name on a second seed: unchanged entries write nothing', async () => {
    const { mediator } = mediatorFixture();
    const entries = await readWorkerTemplateFile(DEFAULT_WORKER_TEMPLATES_FILE);
    await mediator.execute(new SeedWorkerTemplatesCommand(entries));
    const changed = entries.map((e, i) => (i === 0 ? { ...(e as object), costPerHourUsd: 0.02 } : e));
    expect(await mediator.execute(new SeedWorkerTemplatesCommand(changed))).toMatchObject({
      value: { created: 0, updated: 1, skipped: 0 },
    });
  });

  it('seeds once when two replicas start at the same time, both succeeding', async () => {
    const { mediator, repository } = mediatorFixture();
    const entries = await readWorkerTemplateFile(DEFAULT_WORKER_TEMPLATES_FILE);
    const results = await Promise.all([
      mediator.execute(new SeedWorkerTemplatesCommand(entries)),
      mediator.execute(new SeedWorkerTemplatesCommand(entries)),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    const created = results.map((r) => (r.ok ? r.value.created : 0));
    expect(created[0]! + created[1]!).toBe(5);
    expect(await repository<WorkerTemplateRepository>(WORKER_TEMPLATE_REPOSITORY).count()).toBe(5);
  });
});
