// Finds the Redis the embedded system uses: REDIS_URL if set, else one answering on 127.0.0.1:6379, else a
// `redis-server` started on a free port (kept in memory only). Without any, one clear line says what to do.
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { freePort, waitForTcp } from './process-utils.mjs';

/** @returns {Promise<{url: string, child?: import('node:child_process').ChildProcess}>} */
export async function resolveRedis() {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL };
  if (await answersPing(6379)) return { url: 'redis://127.0.0.1:6379' };
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error(
      'Redis is needed: set REDIS_URL=redis://host:6379, run one on 127.0.0.1:6379, or install redis-server (e.g. `apt-get install redis-server` or `brew install redis`)',
    );
  }
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  await waitForTcp(port, 10_000);
  return { url: `redis://127.0.0.1:${port}`, child };
}

function answersPing(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
