import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretBox } from '../../domain/services/secret-box';

/** AES-256-GCM with a random 96-bit nonce per secret; sealed text is `v1.<nonce>.<tag>.<ciphertext>` (base64url). */
export class AesGcmSecretBox implements SecretBox {
  readonly #key: Buffer;

  /** `key` is 32 bytes; the service reads it from LAB_CREDENTIALS_KEY (base64). */
  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error(`the credentials key must be 32 bytes, not ${key.length}`);
    this.#key = key;
  }

  seal(plaintext: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, nonce);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', nonce, cipher.getAuthTag(), data]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  open(sealed: string): string {
    const [version, nonce, tag, data] = sealed.split('.');
    if (version !== 'v1' || !nonce || !tag || data === undefined) throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(nonce, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}
