import { AggregateRoot } from '../domain/aggregate-root';
import { cloudevent } from '../domain/cloudevent.decorator';
import { CounterIncremented } from './counter-incremented.event';
import { CounterOpened } from './counter-opened.event';

/** The state of the test Counter: a few field kinds (nested object, array, optional) for filters to reach. */
export type CounterState = {
  name: string;
  count: number;
  tags: string[];
  owner: { team: string };
  note?: string;
};

/**
 * The aggregate the repository contract suite stores: small, but with events, nested state and an array,
 * so every repository behaviour the framework promises can be shown on it.
 */
export class Counter extends AggregateRoot<CounterState> {
  /** Gives the Counter's events their CloudEvent types; idempotent, called by the contract suite. */
  static registerEvents(): void {
    cloudevent('io.lcm.counter.opened.v1')(CounterOpened);
    cloudevent('io.lcm.counter.incremented.v1')(CounterIncremented);
  }

  /** A new, unsaved Counter at zero, with its CounterOpened event pending. */
  static open(id: string, name: string, team: string, at: Date, tags: string[] = []): Counter {
    const counter = new Counter(id, { name, count: 0, tags, owner: { team } });
    counter.registerEvent(new CounterOpened(id, at, name, team));
    return counter;
  }

  /** Builds a Counter back from storage; the `rehydrate` of its RepositoryOptions. */
  static rehydrate(id: string, state: CounterState, stateVersion: number): Counter {
    return new Counter(id, state, stateVersion);
  }

  /** Adds `by` and records CounterIncremented. */
  increment(by: number, at: Date): void {
    this._state.count += by;
    this.registerEvent(new CounterIncremented(this.id, at, by, this._state.count));
  }

  /** Sets a free-text note (no event), so tests can store any string, `$`-prefixed or dotted ones included. */
  annotate(note: string): void {
    this._state.note = note;
  }
}
