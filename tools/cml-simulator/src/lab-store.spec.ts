import { CmlHttpError } from './cml-http-error';
import { LabStore } from './lab-store';
import { buildTopology } from './topology-builder';

const OWNER = '6f1c2a44-7d0e-4b8a-9c1d-2e3f4a5b6c7d';

function storeWithClock(bootDelayMs = 300) {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const store = new LabStore(() => now, bootDelayMs);
  return { store, advance: (ms: number) => (now += ms) };
}

function expectCmlError(action: () => unknown, status: number, description: RegExp): void {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(CmlHttpError);
    expect((error as CmlHttpError).status).toBe(status);
    expect((error as CmlHttpError).description).toMatch(description);
    return;
  }
  throw new Error('expected a CmlHttpError');
}

describe('LabStore', () => {
  it('imports a topology as a DEFINED_ON_CORE lab with CML ids for every node, link and interface', () => {
    const { store } = storeWithClock();
    const lab = store.import(buildTopology({ nodeCount: 3, title: 'Imported' }), OWNER);

    expect(lab.state).toBe('DEFINED_ON_CORE');
    expect(lab.title).toBe('Imported');
    expect(lab.nodes).toHaveLength(3);
    expect(lab.links).toHaveLength(2);
    const elements = store.elementState(lab.id);
    expect(Object.values(elements.nodes)).toEqual(['DEFINED_ON_CORE', 'DEFINED_ON_CORE', 'DEFINED_ON_CORE']);
    expect(Object.keys(elements.interfaces)).toHaveLength(6);
  });

  it('boots the nodes of a started lab through QUEUED and STARTED to BOOTED, then reports convergence', () => {
    const { store, advance } = storeWithClock(300);
    const lab = store.import(buildTopology(), OWNER);

    store.start(lab.id);
    expect(store.nodeState(lab)).toBe('QUEUED');
    advance(150);
    expect(store.nodeState(lab)).toBe('STARTED');
    expect(store.converged(lab.id)).toBe(false);
    advance(150);
    expect(store.nodeState(lab)).toBe('BOOTED');
    expect(store.converged(lab.id)).toBe(true);
  });

  it('refuses to wipe a STARTED lab with 400 and wipes it once stopped', () => {
    const { store } = storeWithClock();
    const lab = store.import(buildTopology(), OWNER);
    store.start(lab.id);

    expectCmlError(() => store.wipe(lab.id), 400, /is STARTED; stop it before wiping/);

    store.stop(lab.id);
    expect(lab.state).toBe('STOPPED');
    store.wipe(lab.id);
    expect(lab.state).toBe('DEFINED_ON_CORE');
  });

  it('removes only a stopped and wiped lab', () => {
    const { store } = storeWithClock();
    const lab = store.import(buildTopology(), OWNER);
    store.start(lab.id);
    store.stop(lab.id);

    expectCmlError(() => store.remove(lab.id), 400, /must be stopped and wiped/);

    store.wipe(lab.id);
    store.remove(lab.id);
    expectCmlError(() => store.get(lab.id), 404, /Lab not found/);
  });

  it('treats start of a started lab and stop of a stopped lab as no-ops, as CML does', () => {
    const { store, advance } = storeWithClock(100);
    const lab = store.import(buildTopology(), OWNER);
    store.start(lab.id);
    advance(100);

    store.start(lab.id);
    expect(store.converged(lab.id)).toBe(true);
    store.stop(lab.id);
    store.stop(lab.id);
    expect(lab.state).toBe('STOPPED');
  });

  it('sets and removes user associations, an empty permission list removing the user', () => {
    const { store } = storeWithClock();
    const lab = store.create({ ownerId: OWNER });
    const user = '0b7e9a3c-1d2f-4e5a-8b6c-7d8e9f0a1b2c';

    store.associate(lab.id, [{ id: user, permissions: ['lab_exec', 'lab_exec'] }]);
    expect(store.permissionsOf(lab, user, false)).toEqual(['lab_exec']);
    store.associate(lab.id, [{ id: user, permissions: [] }]);
    expect(store.permissionsOf(lab, user, false)).toEqual([]);
  });
});
