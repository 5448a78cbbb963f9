import { useEffect, useState } from 'react';

/** The time now (ms), moving every `everyMs` so uptimes, costs and the calendar's now line move on their own. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
