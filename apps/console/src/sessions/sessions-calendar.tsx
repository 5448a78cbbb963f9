import { useEffect, useRef } from 'react';
import { Timeline } from 'vis-timeline/standalone';
import 'vis-timeline/styles/vis-timeline-graph2d.min.css';
import type { Session } from '../client/types';

const UNPLACED = '(not placed)';
const FAR_PAST = new Date('2000-01-01T00:00:00Z');

/**
 * Timeslots per worker on a time axis (vis-timeline): the now line, the past greyed, each session a
 * bar in its status colour; a click opens the session.
 */
export function SessionsCalendar({
  sessions,
  onOpen,
}: {
  sessions: readonly Session[];
  onOpen: (id: string) => void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const timeline = useRef<Timeline | undefined>(undefined);
  const open = useRef(onOpen);
  open.current = onOpen;

  useEffect(() => {
    if (!container.current) return;
    const now = Date.now();
    timeline.current = new Timeline(container.current, [], [], {
      start: new Date(now - 2 * 3_600_000),
      end: new Date(now + 4 * 3_600_000),
      stack: true,
      showCurrentTime: true,
      zoomMin: 10 * 60_000,
      orientation: 'top',
      margin: { item: 4 },
    });
    timeline.current.on('select', ({ items }: { items: Array<string | number> }) => {
      const [id] = items;
      if (typeof id === 'string' && id !== 'past') open.current(id);
    });
    return () => {
      timeline.current?.destroy();
      timeline.current = undefined;
    };
  }, []);

  useEffect(() => {
    const workers = [...new Set(sessions.map((session) => session.workerId ?? UNPLACED))].sort();
    // Worker ids are long; their first block tells them apart on a calendar.
    const groups = workers.map((worker) => ({
      id: worker,
      content: worker === UNPLACED ? worker : worker.slice(0, 8),
      title: worker,
    }));
    const items = sessions.map((session) => ({
      id: session.id,
      group: session.workerId ?? UNPLACED,
      start: new Date(session.timeslotStart),
      end: new Date(session.timeslotEnd),
      content: `${session.definitionName} · ${session.ownerId} · ${session.status}`,
      className: `session-${session.status.toLowerCase()}`,
      title: `${session.id} ${session.status}`,
    }));
    const past = {
      id: 'past',
      content: '',
      start: FAR_PAST,
      end: new Date(),
      type: 'background',
      className: 'calendar-past',
    };
    timeline.current?.setData({ groups, items: [...items, past] });
  }, [sessions]);

  return <div ref={container} className="sessions-calendar" data-testid="sessions-calendar" />;
}
