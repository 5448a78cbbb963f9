import {
  LAB_RECORD_REPOSITORY,
  type LabRecordRepository,
} from '../../domain/repositories/lab-record.repository';
import { aDefinitionBody, aTopologyYaml } from '../../testing/builders';
import { type LabManagerHarness, createLabManagerHarness } from '../../testing/lab-manager-harness';
import { CreateLabletDefinitionCommand } from './create-lablet-definition.command';
import { ImportLabCommand } from './import-lab.command';
import { ReserveSessionLabCommand } from './reserve-session-lab.command';

const WORKER = '7b0f5c1e-8a1d-4c57-9f0e-2d2f7f3f9a11';

describe('ImportLabCommand', () => {
  let lab: LabManagerHarness;

  beforeEach(() => {
    lab = createLabManagerHarness({}, { runJobs: false });
  });
  afterEach(() => lab.close());

  it('run again after a crash that lost the start, queues the start of the lab it already imported', async () => {
    const created = await lab.mediator.execute(
      new CreateLabletDefinitionCommand(aDefinitionBody({ topologyYaml: aTopologyYaml() }), 'm'),
    );
    const definitionId = created.ok ? created.value.id : '';
    const reserved = await lab.mediator.execute(
      new ReserveSessionLabCommand('s-1', WORKER, definitionId, 'ccna-basics', '1.0.0'),
    );
    const recordId = reserved.ok ? reserved.value.id : '';
    // The first run imported the lab and saved it with the start asked for, then crashed before queuing it.
    const records = lab.container.get<LabRecordRepository>(LAB_RECORD_REPOSITORY);
    const record = (await records.get(recordId))!;
    record.requestStart('s-1');
    record.imported('cml-lab-1', 'lab: {}');
    await records.update(record);
    lab.queued.length = 0;

    const again = await lab.mediator.execute(new ImportLabCommand(recordId));

    expect(again.ok && again.value.status).toBe('IMPORTED');
    expect(lab.queued).toEqual([{ job: 'lab-start', labRecordId: recordId, sessionId: 's-1' }]);
  });
});
