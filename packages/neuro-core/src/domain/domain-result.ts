/**
 * What an aggregate method returns when it may refuse: the value, or a message naming the thing and
 * its state (`worker 3f2a… is TERMINATED; start is not allowed`). Handlers turn a refusal into 409.
 */
export type DomainResult<T = void> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** Builders of DomainResult values. */
export const DomainResult = {
  ok: <T = void>(value?: T): DomainResult<T> => ({ ok: true, value: value as T }),
  fail: <T = void>(error: string): DomainResult<T> => ({ ok: false, error }),
};
