import { type ReactNode, createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { isAdmin, type Person } from '../auth/person';
import { followEventStream } from '../client/event-stream';
import { SERVICE_NAMES, type ServiceName } from '../client/service-name';
import type { StreamedEvent } from '../client/types';

type Listener = (event: StreamedEvent) => void;

interface LiveEvents {
  /** The latest events of every followed service, newest first. */
  readonly events: readonly StreamedEvent[];
  readonly connected: Readonly<Partial<Record<ServiceName, boolean>>>;
  subscribe(listener: Listener): () => void;
}

const LiveEventsContext = createContext<LiveEvents | undefined>(undefined);
const KEPT = 500;

/**
 * Follows the event streams the person may see (an admin all three; anyone else session-manager's, the
 * only one with events about their sessions) and tells pages what happened, so they reload on a change
 * instead of polling.
 */
export function LiveEventsProvider({ person, children }: { person: Person; children: ReactNode }) {
  const [events, setEvents] = useState<StreamedEvent[]>([]);
  const [connected, setConnected] = useState<Partial<Record<ServiceName, boolean>>>({});
  const listeners = useRef(new Set<Listener>());
  const token = useRef(person.token);
  token.current = person.token;
  const admin = isAdmin(person);

  useEffect(() => {
    const services = admin ? SERVICE_NAMES : (['session-manager'] as const);
    const stops = services.map((service) =>
      followEventStream({
        service,
        token: () => token.current,
        tail: 50,
        onEvent: (streamed) => {
          setEvents((current) => [streamed, ...current].slice(0, KEPT));
          for (const listener of listeners.current) listener(streamed);
        },
        onConnected: (up) => setConnected((current) => ({ ...current, [service]: up })),
      }),
    );
    return () => stops.forEach((stop) => stop());
  }, [admin, person.sub]);

  // Stable, so pages subscribe once rather than on every event.
  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);
  const live: LiveEvents = { events, connected, subscribe };
  return <LiveEventsContext.Provider value={live}>{children}</LiveEventsContext.Provider>;
}

export function useLiveEvents(): LiveEvents {
  const live = useContext(LiveEventsContext);
  if (!live) throw new Error('useLiveEvents outside LiveEventsProvider');
  return live;
}
