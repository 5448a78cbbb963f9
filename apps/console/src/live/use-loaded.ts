import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../client/api-error';
import type { CloudEvent } from '../client/types';
import { useLiveEvents } from './live-events';

/** Data a page shows, loaded once and again shortly after each live event whose type starts with a prefix. */
export interface Loaded<T> {
  readonly data?: T;
  readonly error?: string;
  reload(): void;
}

const SETTLE_MS = 250;

/**
 * `apply` changes the data at once from an event that carries what changed (a session's snapshot), so a
 * status that lasts a moment is still shown; the reload that follows settles it.
 */
export function useLoaded<T>(
  load: () => Promise<T>,
  reloadOn: readonly string[],
  apply?: (data: T, event: CloudEvent) => T,
): Loaded<T> {
  const [data, setData] = useState<T | undefined>();
  const [error, setError] = useState<string | undefined>();
  const { subscribe } = useLiveEvents();
  const loader = useRef(load);
  loader.current = load;
  const applier = useRef(apply);
  applier.current = apply;
  const prefixes = reloadOn.join(',');

  const reload = useCallback(() => {
    loader.current().then(
      (value) => {
        setData(value);
        setError(undefined);
      },
      (failure: unknown) => setError(failure instanceof ApiError ? failure.detail : String(failure)),
    );
  }, []);

  useEffect(reload, [reload]);

  useEffect(() => {
    // A burst of events (a worker booting) is one reload, not one per event.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = subscribe(({ event }) => {
      if (!prefixes.split(',').some((prefix) => event.type.startsWith(prefix))) return;
      const change = applier.current;
      if (change) setData((current) => (current === undefined ? current : change(current, event)));
      clearTimeout(timer);
      timer = setTimeout(reload, SETTLE_MS);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [subscribe, prefixes, reload]);

  return { data, error, reload };
}
