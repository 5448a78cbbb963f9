import { SessionEventTypes, WorkerEventTypes } from '@lcm/contracts';
import { type CmlSimulator, startCmlSimulator } from '@lcm/cml-simulator';
import { randomBytes } from 'node:crypto';
import { aDefinitionBody, aSessionSnapshot, aWorkerSnapshot } from '../../testing/builders';
import { type LabManagerHarness, createLabManagerHarness } from '../../testing/lab-manager-harness';
import { CreateLabletDefinitionCommand } from '../commands/create-lablet-definition.command';
import { GetLabRecordCredentialsQuery } from './get-lab-record-credentials.query';
import { GetLabRecordsQuery } from './get-lab-records.query';

const WORKER = '7b0f5c1e-8a1d-4c57-9f0e-2d2f7f3f9a11';

/**
 * A lab-manager restarted with other keys, reading the records the first one stored (as replicas and
 * restarts share MongoDB): does `/credentials` still open the session user's password?
 */
describe('LAB_CREDENTIALS_KEY rotation, across a restart', () => {
  const oldKey = randomBytes(32).toString('base64');
  const newKey = randomBytes(32).toString('base64');
  let cml: CmlSimulator;
  const harnesses: LabManagerHarness[] = [];
  let recordId: string;
  let password: string;
  let restartWith: (env: Record<string, string>) => Promise<LabManagerHarness>;

  beforeAll(async () => {
    cml = await startCmlSimulator({ nodeBootDelayMs: 10 });
    const before = createLabManagerHarness({ LAB_CREDENTIALS_KEY: oldKey });
    harnesses.push(before);
    await before.receive(WorkerEventTypes.statusChanged, aWorkerSnapshot(WORKER, cml.url));
    const definition = await before.mediator.execute(
      new CreateLabletDefinitionCommand(aDefinitionBody(), 'manager-1'),
    );
    if (!definition.ok) throw new Error(definition.problem.detail);
    const session = aSessionSnapshot({
      sessionId: 's-1',
      workerId: WORKER,
      definitionId: definition.value.id,
    });
    for (const type of [SessionEventTypes.scheduled, SessionEventTypes.instantiating]) {
      await before.receive(type, session);
      await before.drain();
    }
    const records = await before.mediator.execute(new GetLabRecordsQuery(WORKER));
    recordId = (records.ok ? records.value : []).find((r) => r.boundSessionId === 's-1')!.id;
    const credentials = await before.mediator.execute(new GetLabRecordCredentialsQuery(recordId));
    if (!credentials.ok) throw new Error(credentials.problem.detail);
    password = credentials.value.password;
    const stored = await before.records.get(recordId);

    restartWith = async (env) => {
      const after = createLabManagerHarness(env);
      harnesses.push(after);
      await after.records.add(stored!);
      return after;
    };
  });

  afterAll(async () => {
    for (const harness of harnesses) harness.close();
    await cml.close();
  });

  it('opens the password sealed before the rotation when the old key is LAB_CREDENTIALS_PREVIOUS_KEY', async () => {
    const after = await restartWith({ LAB_CREDENTIALS_KEY: newKey, LAB_CREDENTIALS_PREVIOUS_KEY: oldKey });
    const credentials = await after.mediator.execute(new GetLabRecordCredentialsQuery(recordId));
    expect(credentials.ok && credentials.value.password).toBe(password);
  });

  it('answers 409 naming both settings when neither key sealed the password', async () => {
    const after = await restartWith({ LAB_CREDENTIALS_KEY: newKey });
    const credentials = await after.mediator.execute(new GetLabRecordCredentialsQuery(recordId));
    expect(credentials.ok).toBe(false);
    expect(!credentials.ok && credentials.status).toBe(409);
    expect(!credentials.ok && credentials.problem.detail).toBe(
      `the CML password of lab record ${recordId} cannot be opened: it was sealed with a key that is neither LAB_CREDENTIALS_KEY nor LAB_CREDENTIALS_PREVIOUS_KEY (after a rotation, set the old key as LAB_CREDENTIALS_PREVIOUS_KEY)`,
    );
  });

  it('keeps opening it after a plain restart with the same key', async () => {
    const after = await restartWith({ LAB_CREDENTIALS_KEY: oldKey });
    const credentials = await after.mediator.execute(new GetLabRecordCredentialsQuery(recordId));
    expect(credentials.ok && credentials.value.password).toBe(password);
  });
});
