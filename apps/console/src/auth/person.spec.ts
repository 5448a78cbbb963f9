import { personOf } from './person';

const token = (claims: object) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;

describe('reading the person from an access token', () => {
  it('reads the subject and the roles at the configured claim', () => {
    const person = personOf(
      token({ sub: 'alice', exp: 10, realm_access: { roles: ['user'] } }),
      'realm_access.roles',
    );
    expect(person).toMatchObject({ sub: 'alice', roles: ['user'], expiresAt: 10_000 });
  });

  it('gives no roles when the claim is missing, and nothing for a token that is not a JWT', () => {
    expect(personOf(token({ sub: 'bob' }), 'roles')?.roles).toEqual([]);
    expect(personOf('garbage', 'roles')).toBeUndefined();
  });
});
