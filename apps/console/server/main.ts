// The console's web server: `node --import tsx apps/console/server/main.ts` (npm start), or the bundled
// `main.js` in the console image. Settings: apps/console/README.md.
import { join } from 'node:path';
import { consoleSettings } from './console-config';
import { createConsoleServer } from './console-server';

let settings;
try {
  // The repository's build output, as `npm start` runs it from the root; the image sets CONSOLE_ROOT.
  settings = consoleSettings(process.env, join(process.cwd(), 'dist/apps/console'));
} catch (error) {
  console.error(`console cannot start: ${(error as Error).message}`);
  process.exit(1);
}
const server = createConsoleServer(settings);
server.listen(settings.port, () => {
  console.log(
    JSON.stringify({ msg: 'console listening', port: settings.port, login: settings.config.login }),
  );
});
const stop = () => {
  server.close(() => process.exit(0));
  // Event streams never end by themselves.
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
