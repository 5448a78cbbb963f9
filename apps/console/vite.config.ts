import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `vite` (dev server) passes /services/<name>/ on to the services as the console server does; the ports
// are npm start's defaults, moved with the same variables.
const service = (port: string | undefined, fallback: number) => `http://127.0.0.1:${port ?? fallback}`;
const upstreams = {
  'worker-manager': service(process.env['WORKER_MANAGER_PORT'], 8081),
  'lab-manager': service(process.env['LAB_MANAGER_PORT'], 8082),
  'session-manager': service(process.env['SESSION_MANAGER_PORT'], 8083),
};

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: '../../dist/apps/console',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1000,
  },
  server: {
    port: 8080,
    proxy: Object.fromEntries(
      Object.entries(upstreams).map(([name, target]) => [
        `/services/${name}`,
        { target, rewrite: (path: string) => path.replace(`/services/${name}`, '') },
      ]),
    ),
  },
});
