// `npm run docs:events`: rewrites docs/events.md from the event catalog in packages/contracts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderEventsDoc } from '../../packages/contracts/src/docs/render-events-doc';

writeFileSync(join(import.meta.dirname, '../../docs/events.md'), renderEventsDoc());
console.log('docs/events.md written');
