import type { DomainEvent } from './domain-event';

/**
 * A consistency boundary persisted as one document. `stateVersion` counts successful saves and is what
 * optimistic concurrency compares; events registered by its methods are saved in the same write (the
 * outbox) and published after it.
 */
export abstract class AggregateRoot<TState extends object, TKey extends string = string> {
  private pending: DomainEvent[] = [];

  constructor(
    readonly id: TKey,
    protected _state: TState,
    private version = 0,
  ) {}

  /** The current state, read-only to the outside: change it through the aggregate's methods. */
  get state(): Readonly<TState> {
    return this._state;
  }

  /** How many times this aggregate was saved; 0 before its first save. */
  get stateVersion(): number {
    return this.version;
  }

  /** Events recorded since the last save, oldest first. */
  get pendingEvents(): readonly DomainEvent[] {
    return this.pending;
  }

  /** Records an event; it is persisted and published with the next successful save. */
  protected registerEvent(event: DomainEvent): void {
    this.pending.push(event);
  }

  /**
   * Called by repositories after a successful write: takes the new version and hands back (and forgets)
   * the events that were saved with it.
   */
  markPersisted(version: number): DomainEvent[] {
    this.version = version;
    const saved = this.pending;
    this.pending = [];
    return saved;
  }
}
