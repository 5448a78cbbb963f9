import { Agent, get as httpGet } from 'node:http';
import express from 'express';
import pino from 'pino';
import type { HostedService } from './hosted-service';
import { HttpServerHost } from './http-server-host';

const logger = pino({ level: 'silent' });

function fetchText(port: number, path: string, agent?: Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpGet({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

function recordingService(name: string, events: string[]): HostedService {
  return {
    name,
    start: async () => void events.push(`start ${name}`),
    stop: async () => void events.push(`stop ${name}`),
  };
}

/** An app whose `/slow` answers only when the test says so. */
function slowApp(events: string[]) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let entered!: () => void;
  const inFlight = new Promise<void>((resolve) => (entered = resolve));
  const app = express().get('/slow', async (_req, res) => {
    entered();
    await released;
    events.push('slow answered');
    res.send('done');
  });
  return { app, release, inFlight };
}

/** A host on a free port with the given hosted services, started. */
async function startedHostWith(...services: HostedService[]): Promise<HttpServerHost> {
  const host = new HttpServerHost(express(), { port: 0, logger, services });
  await host.start();
  return host;
}

describe('HttpServerHost', () => {
  it('crashes as a process would: the request in flight is cut, services abandoned, none stopped', async () => {
    const events: string[] = [];
    const { app, release, inFlight } = slowApp(events);
    const abandoning: HostedService = {
      ...recordingService('jobs', events),
      abandon: async () => void events.push('abandon jobs'),
    };
    const host = new HttpServerHost(app, {
      port: 0,
      host: '127.0.0.1',
      logger,
      services: [recordingService('outbox', events), abandoning],
    });
    const { port } = await host.start();
    const answer = fetchText(port, '/slow');
    await inFlight;

    await host.crash();

    await expect(answer).rejects.toThrow('socket hang up');
    expect(events).toEqual(['start outbox', 'start jobs', 'abandon jobs']);
    expect(host.address).toBeUndefined();
    release();
  });

  it('starts hosted services in order after listening', async () => {
    const events: string[] = [];
    const host = new HttpServerHost(
      express().get('/', (_req, res) => res.send('hi')),
      {
        port: 0,
        host: '127.0.0.1',
        logger,
        services: [recordingService('outbox', events), recordingService('jobs', events)],
      },
    );

    const { port } = await host.start();

    expect(events).toEqual(['start outbox', 'start jobs']);
    expect(await fetchText(port, '/')).toEqual({ status: 200, body: 'hi' });
    await host.close();
  });

  it('on close stops accepting, completes the in-flight request, then stops services in reverse order', async () => {
    const events: string[] = [];
    const { app, release, inFlight } = slowApp(events);
    const host = new HttpServerHost(app, {
      port: 0,
      host: '127.0.0.1',
      logger,
      services: [recordingService('outbox', events), recordingService('jobs', events)],
    });
    const { port } = await host.start();
    const agent = new Agent({ keepAlive: true });

    const pending = fetchText(port, '/slow', agent);
    await inFlight;
    const closed = host.close().then(() => events.push('closed'));
    await expect(fetchText(port, '/slow')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    release();

    expect(await pending).toEqual({ status: 200, body: 'done' });
    await closed;
    expect(events).toEqual([
      'start outbox',
      'start jobs',
      'slow answered',
      'stop jobs',
      'stop outbox',
      'closed',
    ]);
    agent.destroy();
  });

  it('is safe to close twice', async () => {
    const events: string[] = [];
    const host = await startedHostWith(recordingService('jobs', events));

    await Promise.all([host.close(), host.close()]);
    await host.close();

    expect(events).toEqual(['start jobs', 'stop jobs']);
  });

  it('cuts requests still running at the drain timeout', async () => {
    const events: string[] = [];
    const { app, release, inFlight } = slowApp(events);
    const host = new HttpServerHost(app, { port: 0, host: '127.0.0.1', logger, drainTimeoutMs: 50 });
    const { port } = await host.start();

    const pending = fetchText(port, '/slow');
    await inFlight;
    await host.close();

    await expect(pending).rejects.toMatchObject({ code: 'ECONNRESET' });
    release();
  });

  it('closes what it started when a hosted service fails to start', async () => {
    const events: string[] = [];
    const failing: HostedService = {
      name: 'jobs',
      start: async () => {
        throw new Error('redis is unreachable');
      },
      stop: async () => void events.push('stop jobs'),
    };
    const host = new HttpServerHost(express(), {
      port: 0,
      logger,
      services: [recordingService('outbox', events), failing],
    });

    await expect(host.start()).rejects.toThrow('redis is unreachable');

    expect(events).toEqual(['start outbox', 'stop outbox']);
  });

  it('reports hosted services that fail to stop, after stopping the others', async () => {
    const events: string[] = [];
    const stubborn: HostedService = {
      name: 'jobs',
      start: async () => undefined,
      stop: async () => {
        throw new Error('worker did not finish');
      },
    };
    const host = await startedHostWith(recordingService('outbox', events), stubborn);

    await expect(host.close()).rejects.toThrow('1 hosted service(s) failed to stop');
    expect(events).toEqual(['start outbox', 'stop outbox']);
  });

  it('fails to start when the port is taken', async () => {
    const first = new HttpServerHost(express(), { port: 0, host: '127.0.0.1', logger });
    const { port } = await first.start();

    await expect(
      new HttpServerHost(express(), { port, host: '127.0.0.1', logger }).start(),
    ).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
    await first.close();
  });

  it('shuts down and exits on a signal', async () => {
    const events: string[] = [];
    const host = await startedHostWith(recordingService('jobs', events));
    const exited = new Promise<number>((resolve) =>
      host.closeOnSignals({ signals: ['SIGUSR2'], exit: resolve }),
    );

    process.emit('SIGUSR2', 'SIGUSR2');

    expect(await exited).toBe(0);
    expect(events).toEqual(['start jobs', 'stop jobs']);
    expect(process.listenerCount('SIGUSR2')).toBe(0);
  });
});
