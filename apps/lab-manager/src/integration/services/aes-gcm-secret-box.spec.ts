import { randomBytes } from 'node:crypto';
import { AesGcmSecretBox } from './aes-gcm-secret-box';

describe('AesGcmSecretBox', () => {
  const box = new AesGcmSecretBox(randomBytes(32));

  it('opens what it sealed, and seals the same secret differently each time', () => {
    const a = box.seal('p4ssw0rd');
    expect(box.open(a)).toBe('p4ssw0rd');
    expect(a).not.toContain('p4ssw0rd');
    expect(box.seal('p4ssw0rd')).not.toBe(a);
  });

  it('refuses a secret sealed with another key or altered', () => {
    const sealed = box.seal('p4ssw0rd');
    expect(() => new AesGcmSecretBox(randomBytes(32)).open(sealed)).toThrow();
    expect(() => box.open(`${sealed.slice(0, -2)}AA`)).toThrow();
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new AesGcmSecretBox(randomBytes(16))).toThrow('32 bytes, not 16');
  });
});
