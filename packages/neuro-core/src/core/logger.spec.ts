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

  it("redacts secret-named keys at any depth and in any spelling, and leaves the caller's object alone", () => {
    const { lines, destination } = capture();
    const entry = {
      workerId: 'w1',
      tokenCount: 3,
      deep: { a: { b: { c: { cmlPassword: 'p4', client_secret: 's4' } } } },
      list: [{ accessToken: 't4' }, { 'x-api-key': 'k4' }, 'plain'],
      oidc: { refreshToken: 't5', privateKey: 'pk5', credentials: { username: 'u5', password: 'p5' } },
    };
    const before = structuredClone(entry);
    createLogger('svc', { destination }).info(entry, 'nested secrets');

    const line = JSON.stringify(lines[0]);
    for (const secret of ['p4', 's4', 't4', 'k4', 't5', 'pk5', 'p5', 'u5'])
      expect(line).not.toContain(secret);
    expect(lines[0]).toMatchObject({
      workerId: 'w1',
      tokenCount: 3,
      deep: { a: { b: { c: { cmlPassword: '[redacted]', client_secret: '[redacted]' } } } },
      list: [{ accessToken: '[redacted]' }, { 'x-api-key': '[redacted]' }, 'plain'],
      oidc: { refreshToken: '[redacted]', privateKey: '[redacted]', credentials: '[redacted]' },
    });
    expect(entry).toEqual(before);
  });

  it('redacts secrets in child-logger bindings too', () => {
    const { lines, destination } = capture();
    createLogger('svc', { destination })
      .child({
        workerId: 'w1',
        password: 'p6',
        cml: { token: 't6' },
        headers: { authorization: 'Bearer a6' },
      })
      .info('bound secrets');
    const line = JSON.stringify(lines[0]);
    for (const secret of ['p6', 't6', 'a6']) expect(line).not.toContain(secret);
    expect(lines[0]).toMatchObject({
      workerId: 'w1',
      password: '[redacted]',
      cml: { token: '[redacted]' },
      headers: { authorization: '[redacted]' },
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
