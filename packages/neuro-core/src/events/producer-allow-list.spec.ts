import { FrameworkError } from '../core/framework-error';
import type { EventProducers } from './event-producers';
import { ProducerAllowList } from './producer-allow-list';

const catalog: EventProducers = {
  producerOf: (type) =>
    ({ 'io.test.order.placed.v1': 'shop', 'io.test.grade.v1': 'grader' })[type] ?? undefined,
  services: ['shop', 'store'],
  external: ['grader'],
};

describe('ProducerAllowList', () => {
  it("accepts a type from its producer's client, by default the service's own name", () => {
    const list = new ProducerAllowList(catalog);

    expect(list.check('io.test.order.placed.v1', 'shop')).toEqual({ ok: true });
    expect(list.clientOf('shop')).toBe('shop');
  });

  it('refuses a type from another client, naming the type, the client and the producer', () => {
    expect(new ProducerAllowList(catalog).check('io.test.order.placed.v1', 'store')).toEqual({
      ok: false,
      reason: 'client store may not send io.test.order.placed.v1: only its producer shop may',
    });
  });

  it('refuses a type the catalog does not list, from anyone', () => {
    expect(new ProducerAllowList(catalog).check('io.test.unknown.v1', 'shop')).toEqual({
      ok: false,
      reason: 'event type io.test.unknown.v1 is not in the event catalog; no client may send it',
    });
  });

  it('lets a trusted relay pass on any type of the catalog, even an unmapped outside producer’s, and no other', () => {
    const list = new ProducerAllowList(catalog);

    expect(list.checkRelayed('io.test.order.placed.v1')).toEqual({ ok: true });
    expect(list.checkRelayed('io.test.grade.v1')).toEqual({ ok: true });
    expect(list.checkRelayed('io.test.unknown.v1')).toEqual({
      ok: false,
      reason: 'event type io.test.unknown.v1 is not in the event catalog; no client may send it',
    });
  });

  it('trusts an outside producer only once EVENT_PRODUCER_CLIENTS names its client', () => {
    const unmapped = new ProducerAllowList(catalog);
    const mapped = new ProducerAllowList(catalog, new Map([['grader', 'lcm-grader']]));

    expect(unmapped.check('io.test.grade.v1', 'grader')).toEqual({
      ok: false,
      reason:
        'client grader may not send io.test.grade.v1: only its producer grader may, and EVENT_PRODUCER_CLIENTS names no client for grader',
    });
    expect(mapped.check('io.test.grade.v1', 'lcm-grader')).toEqual({ ok: true });
  });

  it("replaces a service's default client with the configured one", () => {
    const list = new ProducerAllowList(catalog, new Map([['shop', 'lcm-shop']]));

    expect(list.check('io.test.order.placed.v1', 'lcm-shop')).toEqual({ ok: true });
    expect(list.check('io.test.order.placed.v1', 'shop')).toMatchObject({ ok: false });
  });

  it('refuses at start-up a configured producer the catalog does not know', () => {
    const build = () => new ProducerAllowList(catalog, new Map([['assessment_system', 'lcm-grader']]));

    expect(build).toThrow(FrameworkError);
    expect(build).toThrow(
      'invalid setting EVENT_PRODUCER_CLIENTS: assessment_system produces no event of the catalog (producers: shop, store, grader)',
    );
  });

  it('accepts nothing without a catalog', () => {
    expect(new ProducerAllowList(undefined).check('io.test.order.placed.v1', 'shop')).toMatchObject({
      ok: false,
    });
  });
});
