/**
 * Seals secrets before they are stored (the session users' CML passwords), so a database dump or a
 * stray log of a document does not reveal them. A port: the domain stays free of crypto libraries.
 */
export interface SecretBox {
  seal(plaintext: string): string;
  /** The plaintext; throws when the sealed text was not sealed with this key or was altered. */
  open(sealed: string): string;
}

/** DI token of the SecretBox. */
export const SECRET_BOX = Symbol.for('lcm.SecretBox');
