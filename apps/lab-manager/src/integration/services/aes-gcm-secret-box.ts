import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretBox } from '../../domain/services/secret-box';

/**
 * AES-256-GCM with a random 96-bit nonce per secret; sealed text is `v1.<nonce>.<tag>.<ciphertext>` (base64url).
 * Seals with the current key only; opens with the current key, then with the previous one, so a key can be
 * rotated without losing what was sealed before (GCM's tag tells a wrong key apart).
 */
export class AesGcmSecretBox implements SecretBox {
  readonly #key: Buffer;
  readonly #previousKey: Buffer | undefined;

  /** Keys are 32 bytes; the service reads them from LAB_CREDENTIALS_KEY and LAB_CREDENTIALS_PREVIOUS_KEY. */
  constructor(key: Buffer, previousKey?: Buffer) {
    for (const k of [key, previousKey]) {
      if (k && k.length !== 32) throw new Error(`the credentials key must be 32 bytes, not ${k.length}`);
    }
    this.#key = key;
    this.#previousKey = previousKey;
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
    const parts = {
      nonce: Buffer.from(nonce, 'base64url'),
      tag: Buffer.from(tag, 'base64url'),
      data: Buffer.from(data, 'base64url'),
    };
    for (const key of [this.#key, this.#previousKey]) {
      if (!key) continue;
      const opened = openWith(key, parts);
      if (opened !== undefined) return opened;
    }
    throw new Error(
      this.#previousKey
        ? 'the secret was not sealed with the current or the previous credentials key, or was altered'
        : 'the secret was not sealed with the current credentials key (and no previous key is set), or was altered',
    );
  }
}

function openWith(key: Buffer, { nonce, tag, data }: { nonce: Buffer; tag: Buffer; data: Buffer }) {
  try {
    // A fixed tag length: Node would otherwise accept a tag cut down to 4 bytes, which is far easier to forge.
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
