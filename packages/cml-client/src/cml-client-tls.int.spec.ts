import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CmlSimulator, startCmlSimulator } from '@lcm/cml-simulator';
import { CmlClient } from './cml-client';
import { CmlError } from './cml-error';

/** A self-signed certificate for 127.0.0.1, like the one a fresh CML controller serves. */
function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cml-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=cml-simulator',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('CmlClient over HTTPS with a self-signed certificate', () => {
  let sim: CmlSimulator;

  beforeAll(async () => {
    sim = await startCmlSimulator({ tls: selfSignedCertificate() });
  });
  afterAll(() => sim.close());

  const clientWith = (verifyTls: boolean) =>
    new CmlClient({ baseUrl: sim.url, credentials: { username: 'admin', password: 'admin' }, verifyTls });

  it('talks to the controller when TLS verification is turned off', async () => {
    const client = clientWith(false);

    await expect(client.authOk()).resolves.toBe('OK');

    client.close();
  });

  it('refuses the certificate with kind tls when verification is on', async () => {
    const client = clientWith(true);

    const error = await client.systemInformation().catch((e: unknown) => e);

    expect(CmlError.is(error, 'tls')).toBe(true);
    expect((error as CmlError).message).toMatch(/certificate rejected .*verifyTls: false/);
    expect(sim.url).toMatch(/^https:/);
    client.close();
  });
});
