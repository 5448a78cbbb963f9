import { LabEventTypes } from '@lcm/contracts';
import { aDefinitionBody, aTopologyYaml } from '../../testing/builders';
import { type LabManagerHarness, createLabManagerHarness } from '../../testing/lab-manager-harness';
import { labWorkJobId } from '../../integration/services/job-host-lab-work-queue';
import { CreateLabletDefinitionCommand } from './create-lablet-definition.command';
import { ReserveSessionLabCommand } from './reserve-session-lab.command';

const WORKER = '7b0f5c1e-8a1d-4c57-9f0e-2d2f7f3f9a11';

describe('ReserveSessionLabCommand', () => {
  let lab: LabManagerHarness;
  let definitionId: string;

  const reserve = (sessionId: string, workerId = WORKER) =>
    lab.mediator.execute(
      new ReserveSessionLabCommand(sessionId, workerId, definitionId, 'ccna-basics', '1.0.0'),
    );

  beforeEach(async () => {
    lab = createLabManagerHarness({ PORT_RANGE_START: '2000', PORT_RANGE_END: '2399' }, { runJobs: false });
    const created = await lab.mediator.execute(
      new CreateLabletDefinitionCommand(
        aDefinitionBody({ topologyYaml: aTopologyYaml({ ports: ['PORT_SERIAL_1'] }) }),
        'm',
      ),
    );
    definitionId = created.ok ? created.value.id : '';
  });
  afterEach(() => lab.close());

  it('gives 200 sessions scheduled at once on one worker 200 lab records with 200 distinct ports', async () => {
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => reserve(`s-${i}`)));

    const ports = results.map((r) => (r.ok ? r.value.allocatedPorts['PORT_SERIAL_1'] : undefined));
    expect(results.every((r) => r.status === 202)).toBe(true);
    expect(new Set(ports).size).toBe(200);
    expect(ports.every((p) => p !== undefined && p >= 2000 && p <= 2399)).toBe(true);
    expect(lab.queued.filter((w) => w.job === 'lab-import')).toHaveLength(200);
  });

  it('is idempotent per session: a redelivered scheduled event reserves nothing more and re-queues the same import job', async () => {
    const first = await reserve('s-1');
    const again = await reserve('s-1');

    expect(again.ok && first.ok && again.value.id === first.value.id).toBe(true);
    expect(new Set(lab.queued.map(labWorkJobId))).toEqual(
      new Set([`lab-import-${first.ok ? first.value.id : ''}`]),
    );
  });

  it('reserves one lab, one set of ports and one import when the same placement arrives twice at once', async () => {
    const [first, second] = await Promise.all([reserve('s-1'), reserve('s-1')]);

    expect(first.ok && second.ok && first.value.id === second.value.id).toBe(true);
    expect(await lab.records.find({ boundSessionId: 's-1' })).toHaveLength(1);
    expect(new Set(lab.queued.map(labWorkJobId))).toEqual(
      new Set([`lab-import-${first.ok ? first.value.id : ''}`]),
    );
  });

  it('emits lab.failed when the worker has no free port left, without queuing an import', async () => {
    lab.close();
    lab = createLabManagerHarness({ PORT_RANGE_START: '2000', PORT_RANGE_END: '2000' }, { runJobs: false });
    const created = await lab.mediator.execute(
      new CreateLabletDefinitionCommand(
        aDefinitionBody({ topologyYaml: aTopologyYaml({ ports: ['PORT_SERIAL_1'] }) }),
        'm',
      ),
    );
    definitionId = created.ok ? created.value.id : '';
    await reserve('s-1');

    const second = await reserve('s-2');

    expect(second.ok && second.value.status).toBe('FAILED');
    expect(lab.published(LabEventTypes.failed)[0]?.data).toMatchObject({ sessionId: 's-2' });
    expect(lab.queued).toHaveLength(1);
  });

  it('answers 400 for a command without a session id', async () => {
    expect((await reserve('')).status).toBe(400);
  });
});
