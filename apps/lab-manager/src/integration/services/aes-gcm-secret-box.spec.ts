import { randomBytes } from 'node:crypto';
import { AesGcmSecretBox } from './aes-gcm-secret-box';

/** The sealed text with one bit of its decoded tag or ciphertext flipped: always a real change. */
function flipBit(sealed: string, part: 'tag' | 'ciphertext'): string {
  const pieces = sealed.split('.');
  const index = part === 'tag' ? 2 : 3;
  const bytes = Buffer.from(pieces[index]!, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  pieces[index] = bytes.toString('base64url');
  return pieces.join('.');
}

describe('AesGcmSecretBox', () => {
  const box = new AesGcmSecretBox(randomBytes(32));

  it('opens what it sealed, and seals the same secret differently each time', () => {
    const a = box.seal('p4ssw0rd');
    expect(box.open(a)).toBe('p4ssw0rd');
    expect(a).not.toContain('p4ssw0rd');
    expect(box.seal('p4ssw0rd')).not.toBe(a);
  });

  it('refuses a secret sealed with another key', () => {
    const sealed = box.seal('p4ssw0rd');
    expect(() => new AesGcmSecretBox(randomBytes(32)).open(sealed)).toThrow(
      'not sealed with the current credentials key',
    );
  });

  it('refuses a secret with one bit of its ciphertext flipped, and one with one bit of its tag flipped', () => {
    const sealed = box.seal('p4ssw0rd');
    expect(() => box.open(flipBit(sealed, 'ciphertext'))).toThrow('or was altered');
    expect(() => box.open(flipBit(sealed, 'tag'))).toThrow('or was altered');
  });

  it('refuses a tag cut short, which GCM would otherwise check on fewer bits', () => {
    const [version, nonce, tag, data] = box.seal('p4ssw0rd').split('.');
    const short = Buffer.from(tag!, 'base64url').subarray(0, 4).toString('base64url');
    expect(() => box.open([version, nonce, short, data].join('.'))).toThrow('or was altered');
  });

  it('after a rotation opens what the old key sealed when it is the previous key, and seals with the new one', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const sealedBefore = new AesGcmSecretBox(oldKey).seal('before');

    const rotated = new AesGcmSecretBox(newKey, oldKey);
    expect(rotated.open(sealedBefore)).toBe('before');
    const sealedAfter = rotated.seal('after');
    expect(new AesGcmSecretBox(newKey).open(sealedAfter)).toBe('after');
    expect(() => new AesGcmSecretBox(oldKey).open(sealedAfter)).toThrow();

    expect(() => new AesGcmSecretBox(newKey).open(sealedBefore)).toThrow(
      'the secret was not sealed with the current credentials key (and no previous key is set), or was altered',
    );
    expect(() => new AesGcmSecretBox(newKey, randomBytes(32)).open(sealedBefore)).toThrow(
      'the secret was not sealed with the current or the previous credentials key, or was altered',
    );
  });

  it('refuses a key or a previous key that is not 32 bytes', () => {
    expect(() => new AesGcmSecretBox(randomBytes(16))).toThrow('32 bytes, not 16');
    expect(() => new AesGcmSecretBox(randomBytes(32), randomBytes(24))).toThrow('32 bytes, not 24');
  });
});
