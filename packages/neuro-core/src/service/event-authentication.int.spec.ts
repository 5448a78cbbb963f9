import { randomUUID } from 'node:crypto';
import { FrameworkError } from '../core/framework-error';
import { type TestService, startTestService } from '../testing/start-test-service';
import { inboxReceipts, inboxService, notesService } from '../testing/example/example-services';
import type { CommonSettings } from './common-settings';

const NOTE_CREATED = 'io.example.note.created.v1';

function note(id = randomUUID()) {
  return { type: NOTE_CREATED, source: '/notes', id, data: { title: 'hello' } };
}

describe('POST /events of a service built from its definition', () => {
  const started: Array<TestService<CommonSettings>> = [];
  const start = async (env: Record<string, string> = {}) => {
    const service = await startTestService(inboxService, { env });
    started.push(service);
    return service;
  };

  afterAll(async () => {
    for (const service of started) await service.close();
  });

  it("accepts an event from its producer's client, as the test harness sends it by default", async () => {
    const inbox = await start();
    const event = note();

    await inbox.receive(event).expect(202);

    expect(inboxReceipts.get(event.id)).toEqual({ title: 'hello', count: 1 });
  });

  it('refuses a delivery without a token (401), with a user token (403) and from another service (403)', async () => {
    const inbox = await start();
    const event = note();

    const anonymous = await inbox.receive(event, { authorization: null });
    const user = await inbox.receive(event, { authorization: inbox.token(['admin', 'user'], 'alice') });
    const other = await inbox.receive(event, { authorization: inbox.serviceToken('inbox') });

    expect([anonymous.status, user.status, other.status]).toEqual([401, 403, 403]);
    expect(other.body.detail).toBe(`client inbox may not send ${NOTE_CREATED}: only its producer notes may`);
    expect(inboxReceipts.has(event.id)).toBe(false);
  });

  it('accepts a producer only as the client EVENT_PRODUCER_CLIENTS maps it to, no longer under its own name', async () => {
    const inbox = await start({ EVENT_PRODUCER_CLIENTS: 'notes=lcm-notes' });

    await inbox.receive(note()).expect(202);
    const byName = await inbox.receive(note(), { authorization: inbox.serviceToken('notes') });

    expect(byName.status).toBe(403);
  });

  it('reads the calling client from AUTH_CLIENT_ID_CLAIM', async () => {
    const inbox = await start({ AUTH_CLIENT_ID_CLAIM: 'client_name' });

    await inbox.receive(note()).expect(202);
    // The producer's client in `azp` only, where this service does not look.
    const inAzp = inbox.serviceToken('notes', { client_name: undefined, azp: 'notes' });
    const viaAzp = await inbox.receive(note(), { authorization: inAzp });

    expect(viaAzp.status).toBe(403);
    expect(viaAzp.body.detail).toBe(
      'the service token of service-account-notes names no OAuth client (client_name or client_id)',
    );
  });

  it('accepts on /events only tokens for AUTH_EVENTS_AUDIENCE, leaving the REST API on its own audience', async () => {
    const notes = await startTestService(notesService, { env: { AUTH_EVENTS_AUDIENCE: 'lcm-events' } });
    started.push(notes);
    const forEvents = notes.serviceToken('notes', { aud: 'lcm-events' });

    const ordinary = await notes.receive(note());
    const bound = await notes.receive(note(), { authorization: forEvents });
    const restWithEventsToken = await notes.http
      .get(`/api/notes/${randomUUID()}`)
      .set('authorization', forEvents);

    expect(ordinary.status).toBe(401);
    expect(ordinary.body.detail).toBe('the bearer token\'s "aud" claim is not accepted: check_failed');
    expect(bound.status).toBe(202);
    expect(restWithEventsToken.status).toBe(401);
  });

  it('does not start when EVENT_PRODUCER_CLIENTS names a producer the catalog does not know', async () => {
    const failure = start({ EVENT_PRODUCER_CLIENTS: 'note=lcm-notes' });

    await expect(failure).rejects.toThrow(FrameworkError);
    await expect(failure).rejects.toThrow(
      'invalid setting EVENT_PRODUCER_CLIENTS: note produces no event of the catalog (producers: notes, inbox)',
    );
  });
});
