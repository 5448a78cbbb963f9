import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventCatalog } from '../events/event-catalog';
import { renderEventsDoc } from './render-events-doc';

const committed = join(__dirname, '../../../../docs/events.md');

describe('docs/events.md', () => {
  it('is up to date with the event catalog (run `npm run docs:events` after changing a contract)', () => {
    expect(readFileSync(committed, 'utf8')).toBe(renderEventsDoc());
  });

  it('documents every event type with its data fields', () => {
    const doc = renderEventsDoc();
    for (const { type } of eventCatalog) expect(doc).toContain(`### \`${type}\``);
    expect(doc).toContain('| `requestId` | string | yes |');
  });
});
