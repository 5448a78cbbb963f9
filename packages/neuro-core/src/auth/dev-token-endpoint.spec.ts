import express from 'express';
import { decodeJwt } from 'jose';
import request from 'supertest';
import { ManualClock } from '../core/clock';
import { DevIssuer } from './dev-issuer';

/** `client_secret_basic` as RFC 6749 section 2.3.1 spells it: each part form-encoded, then base64. */
function basic(id: string, secret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64')}`;
}

describe('the dev issuer token endpoint (POST /oauth/token)', () => {
  let issuer: DevIssuer;
  let app: express.Express;
  const clock = new ManualClock(new Date('2026-03-01T10:00:00Z'));

  beforeAll(async () => {
    issuer = await DevIssuer.create({ issuer: 'urn:test:issuer', audience: 'lcm-test' });
    app = express().use(issuer.router({ serviceTokenLifetimeSeconds: 120, clock }));
  });

  const tokenRequest = () => request(app).post('/oauth/token').type('form');

  it('issues a service token by client_secret_basic, with the service role and the client as azp', async () => {
    const response = await tokenRequest()
      .set('authorization', basic('lab-manager', issuer.clientSecret('lab-manager')))
      .send({ grant_type: 'client_credentials' });

    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['pragma']).toBe('no-cache');
    expect(response.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 120,
    });
    const claims = decodeJwt(response.body.access_token);
    expect(claims).toMatchObject({
      sub: 'service-account-lab-manager',
      azp: 'lab-manager',
      client_id: 'lab-manager',
      realm_access: { roles: ['service'] },
      iss: 'urn:test:issuer',
      aud: 'lcm-test',
      iat: Date.parse('2026-03-01T10:00:00Z') / 1000,
      exp: Date.parse('2026-03-01T10:02:00Z') / 1000,
    });
  });

  it('issues one by client_secret_post too (for five minutes by default) that the issuer verifies', async () => {
    const live = express().use(issuer.router());

    const response = await request(live)
      .post('/oauth/token')
      .type('form')
      .send({
        grant_type: 'client_credentials',
        client_id: 'grader',
        client_secret: issuer.clientSecret('grader'),
      });

    expect(response.status).toBe(200);
    expect(response.body.expires_in).toBe(300);
    expect(await issuer.authenticator().authenticate(`Bearer ${response.body.access_token}`)).toMatchObject({
      ok: true,
      value: { sub: 'service-account-grader', roles: ['service'] },
    });
  });

  it('decodes form-encoded Basic credentials, as standard clients send ids and secrets with : or spaces', async () => {
    const id = 'svc:with space';
    const response = await tokenRequest()
      .set('authorization', basic(id, issuer.clientSecret(id)))
      .send({ grant_type: 'client_credentials', client_id: id });

    expect(response.status).toBe(200);
    expect(decodeJwt(response.body.access_token)).toMatchObject({ azp: id });
  });

  it.each([
    ['a wrong secret', { authorization: basic('lab-manager', 'guess') }, {}],
    ['a wrong posted secret', {}, { client_id: 'lab-manager', client_secret: 'guess' }],
    ['no client authentication', {}, { client_id: 'lab-manager' }],
    ['a bearer header instead of Basic', { authorization: 'Bearer abc' }, {}],
    [
      'malformed Basic credentials',
      { authorization: `Basic ${Buffer.from('no-colon').toString('base64')}` },
      {},
    ],
  ])('answers 401 invalid_client with a Basic challenge for %s', async (_case, headers, form) => {
    const response = await tokenRequest()
      .set(headers)
      .send({ grant_type: 'client_credentials', ...form });

    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Basic realm="lcm-dev-issuer"');
    expect(response.body).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
    expect(JSON.stringify(response.body)).not.toContain('guess');
  });

  it('answers 400 with the RFC 6749 error for a request it cannot serve', async () => {
    const secret = issuer.clientSecret('lab-manager');
    const requests = [
      [tokenRequest().set('authorization', basic('lab-manager', secret)).send({}), 'invalid_request'],
      [
        tokenRequest()
          .set('authorization', basic('lab-manager', secret))
          .send({ grant_type: 'password', username: 'a', password: 'b' }),
        'unsupported_grant_type',
      ],
      [
        tokenRequest()
          .set('authorization', basic('lab-manager', secret))
          .send({ grant_type: 'client_credentials', client_secret: secret }),
        'invalid_request',
      ],
      [
        tokenRequest()
          .set('authorization', basic('lab-manager', secret))
          .send({ grant_type: 'client_credentials', client_id: 'worker-manager' }),
        'invalid_request',
      ],
      [
        tokenRequest()
          .set('authorization', basic('lab-manager', secret))
          .send('grant_type=client_credentials&grant_type=client_credentials'),
        'invalid_request',
      ],
      [
        request(app)
          .post('/oauth/token')
          .set('authorization', basic('lab-manager', secret))
          .send({ grant_type: 'client_credentials' }),
        'invalid_request',
      ],
    ] as const;

    const answers = [];
    for (const [pending, error] of requests) answers.push({ response: await pending, error });
    for (const { response, error } of answers) {
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ error, error_description: expect.any(String) });
    }
    expect(answers[1]?.response.body.error_description).toBe(
      'grant_type password is not supported; use client_credentials',
    );
  });
});
