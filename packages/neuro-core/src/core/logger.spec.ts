import { createLogger } from './logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) };
  return { lines, destination };
}

describe('createLogger', () => {
  it('writes JSON lines with the service name, an ISO time, the level and the message', () => {
    const { lines, destination } = capture();
    createLogger('worker-manager', { level: 'info', destination }).info({ workerId: 'w1' }, 'worker started');
    expect(lines).toEqual([
      expect.objectContaining({
        service: 'worker-manager',
        level: 30,
        workerId: 'w1',
        msg: 'worker started',
      }),
    ]);
    expect(new Date(lines[0]!['time'] as string).toISOString()).toBe(lines[0]!['time']);
  });

  it('prints passwords, tokens, secrets and authorization headers as [redacted]', () => {
    const { lines, destination } = capture();
    createLogger('svc', { destination }).info(
      {
        password: 'p1',
        token: 't1',
        authorization: 'Bearer a1',
        user: { password: 'p2', token: 't2', secret: 's2' },
        worker: { cml: { password: 'p3', token: 't3' } },
        aws: { accessKeyId: 'AKIA1', secretAccessKey: 'k1' },
        req: { headers: { authorization: 'Bearer a2', cookie: 'session=c1', accept: 'application/json' } },
      },
      'secrets everywhere',
    );
    const line = JSON.stringify(lines[0]);
    for (const secret of ['p1', 'p2', 'p3', 't1', 't2', 't3', 's2', 'a1', 'a2', 'c1', 'AKIA1', 'k1']) {
      expect(line).not.toContain(secret);
    }
    expect(lines[0]).toMatchObject({
      password: '[redacted]',
      token: '[redacted]',
      authorization: '[redacted]',
      user: { password: '[redacted]', token: '[redacted]', secret: '[redacted]' },
      worker: { cml: { password: '[redacted]', token: '[redacted]' } },
      req: { headers: { authorization: '[redacted]', cookie: '[redacted]', accept: 'application/json' } },
    });
  });

  it('drops lines below its level, taken from LOG_LEVEL when not given', () => {
    const { lines, destination } = capture();
    const previous = process.env['LOG_LEVEL'];
    process.env['LOG_LEVEL'] = 'warn';
    try {
      const logger = createLogger('svc', { destination });
      logger.info('quiet');
      logger.warn('loud');
      expect(logger.level).toBe('warn');
      expect(lines.map((line) => line['msg'])).toEqual(['loud']);
    } finally {
      if (previous === undefined) delete process.env['LOG_LEVEL'];
      else process.env['LOG_LEVEL'] = previous;
    }
  });

  it('writes JSON to a given destination even when pretty printing is asked for', () => {
    const { lines, destination } = capture();
    createLogger('svc', { pretty: true, destination }).info('still json');
    expect(lines[0]).toMatchObject({ msg: 'still json' });
  });
});
