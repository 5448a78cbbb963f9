import { WorkerTemplateEventTypes, WorkerTemplateSchema } from '@lcm/contracts';
import { cloudEventTypeOf } from '@lcm/neuro-core';
import { WorkerTemplate } from '../../domain/entities/worker-template.aggregate';
import {
  WORKER_TEMPLATE_REPOSITORY,
  type WorkerTemplateRepository,
} from '../../domain/repositories/worker-template.repository';
import { aTemplate } from '../../testing/builders';
import { mediatorFixture } from '../../testing/mediator-fixture';
import { CreateWorkerTemplateCommand } from './create-worker-template.command';
import { DisableWorkerTemplateCommand } from './disable-worker-template.command';
import { UpdateWorkerTemplateCommand } from './update-worker-template.command';

describe('worker template commands', () => {
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
