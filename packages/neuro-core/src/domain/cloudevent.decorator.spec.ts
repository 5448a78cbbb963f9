import { FrameworkError } from '../core/framework-error';
import { cloudEventTypeOf, cloudevent, registeredCloudEventTypes } from './cloudevent.decorator';
import { DomainEvent } from './domain-event';

@cloudevent('io.lcm.spec-widget.made.v1')
class WidgetMade extends DomainEvent {}

class Undecorated extends DomainEvent {}

describe('@cloudevent', () => {
  it('gives an event class and its instances their CloudEvent type', () => {
    expect(cloudEventTypeOf(WidgetMade)).toBe('io.lcm.spec-widget.made.v1');
    expect(cloudEventTypeOf(new WidgetMade('w1', new Date()))).toBe('io.lcm.spec-widget.made.v1');
  });

  it('lists the registered types with their classes', () => {
    expect(registeredCloudEventTypes().get('io.lcm.spec-widget.made.v1')).toBe(WidgetMade);
  });

  it.each([
    'WidgetMade',
    'io.lcm.widget.made',
    'io.lcm.widget.made.V1',
    'io.LCM.widget.made.v1',
    'io.v1',
    '',
  ])('refuses the type "%s", which is not like io.lcm.<aggregate>.<event>.v1', (type) => {
    const error = (() => {
      try {
        cloudevent(type);
      } catch (e) {
        return e;
      }
    })();
    expect(FrameworkError.is(error, 'invalidEvent')).toBe(true);
    expect((error as Error).message).toBe(
      `"${type}" is not a CloudEvent type like io.lcm.<aggregate>.<event>.v1`,
    );
  });

  it('refuses a type already used by another class, naming that class', () => {
    class Impostor extends DomainEvent {}
    expect(() => cloudevent('io.lcm.spec-widget.made.v1')(Impostor)).toThrow(
      'CloudEvent type io.lcm.spec-widget.made.v1 is already used by WidgetMade',
    );
    expect(registeredCloudEventTypes().get('io.lcm.spec-widget.made.v1')).toBe(WidgetMade);
  });

  it('lets the same class be given the same type again', () => {
    expect(() => cloudevent('io.lcm.spec-widget.made.v1')(WidgetMade)).not.toThrow();
  });

  it('throws when asked the type of a class without the decorator, naming it', () => {
    expect(() => cloudEventTypeOf(Undecorated)).toThrow("Undecorated has no @cloudevent('<type>') decorator");
    const error = (() => {
      try {
        cloudEventTypeOf(new Undecorated('u1', new Date()));
      } catch (e) {
        return e;
      }
    })();
    expect(FrameworkError.is(error, 'invalidEvent')).toBe(true);
  });
});
