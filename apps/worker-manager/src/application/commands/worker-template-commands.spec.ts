import { WorkerTemplateEventTypes, WorkerTemplateSchema } from '@lcm/contracts';
import { cloudEventTypeOf } from '@lcm/neuro-core';
import { WorkerTemplate } from '../../domain/entities/worker-template.aggregate';
import {
  WORKER_TEMPLATE_REPOSITORY,
  type WorkerTemplateRepository,
} from '../../domain/repositories/worker-template.repository';
import { readWorkerTemplateFile } from '../../integration/services/worker-template-file';
import { aTemplate } from '../../testing/builders';
import { mediatorFixture } from '../../testing/mediator-fixture';
import { DEFAULT_WORKER_TEMPLATES_FILE } from '../settings';
import { CreateWorkerTemplateCommand } from './create-worker-template.command';
import { DisableWorkerTemplateCommand } from './disable-worker-template.command';
import { SeedWorkerTemplatesCommand } from './seed-worker-templates.command';
import { UpdateWorkerTemplateCommand } from './update-worker-template.command';

describe('worker template commands', () => {
  it('seeds the five templates of domain.md from the shipped YAML, skipping a bad entry', async () => {
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

  it('creates a template once and answers 409 the second time', async () => {
    const { mediator, repository } = mediatorFixture();
    const input = aTemplate({ name: 'lab-xl' });
    expect((await mediator.execute(new CreateWorkerTemplateCommand(input))).status).toBe(201);
    const again = await mediator.execute(new CreateWorkerTemplateCommand(input));
    expect(again.status).toBe(409);
    const saved = await repository<WorkerTemplateRepository>(WORKER_TEMPLATE_REPOSITORY).get('lab-xl');
    expect(saved?.stateVersion).toBe(1);
  });

  it('refuses an invalid template with 400 naming every bad field', async () => {
    const { mediator } = mediatorFixture();
    const result = await mediator.execute(
      new CreateWorkerTemplateCommand({ ...aTemplate(), name: 'X', costPerHourUsd: -1 }),
    );
    expect(result.status).toBe(400);
    if (!result.ok)
      expect(result.problem.errors?.map((e) => e.path).sort()).toEqual([
        'template.costPerHourUsd',
        'template.name',
      ]);
  });

  it('disables a template with a disabled event and answers 404 for an unknown one', async () => {
    const { mediator, repository } = mediatorFixture();
    await mediator.execute(new CreateWorkerTemplateCommand(aTemplate({ name: 'old' })));
    const templates = repository<WorkerTemplateRepository>(WORKER_TEMPLATE_REPOSITORY);
    const before = await templates.get('old');
    expect((await mediator.execute(new DisableWorkerTemplateCommand('old'))).status).toBe(200);
    expect((await mediator.execute(new DisableWorkerTemplateCommand('nope'))).status).toBe(404);
    const after = await templates.get('old');
    expect(after).toMatchObject({ stateVersion: 2, state: { enabled: false } });
    expect(before?.stateVersion).toBe(1);
  });

  it('records updated vs disabled events with the whole template as data', () => {
    const template = WorkerTemplate.create(aTemplate(), new Date());
    template.markPersisted(1);
    template.change({ costPerHourUsd: 0.03 }, new Date());
    template.change({ enabled: false }, new Date());
    expect(template.pendingEvents.map((e) => cloudEventTypeOf(e))).toEqual([
      WorkerTemplateEventTypes.updated,
      WorkerTemplateEventTypes.disabled,
    ]);
    for (const event of template.pendingEvents)
      expect(WorkerTemplateSchema.strict().safeParse(event.toData()).success).toBe(true);
  });

  it('refuses a patch that inverts the port range with 400', async () => {
    const { mediator } = mediatorFixture();
    await mediator.execute(new CreateWorkerTemplateCommand(aTemplate({ name: 'ports' })));
    const result = await mediator.execute(
      new UpdateWorkerTemplateCommand('ports', { portRange: { start: 9000, end: 3000 } }),
    );
    expect(result.status).toBe(400);
  });
});
