import { HungCalls } from './hung-calls';

describe('HungCalls', () => {
  it('holds calls until released, then lets every one of them run', async () => {
    const hung = new HungCalls();
    const calls = [hung.hold(new AbortController().signal), hung.hold(new AbortController().signal)];
    expect(hung.count).toBe(2);

    hung.releaseAll();

    expect(await Promise.all(calls)).toEqual([true, true]);
    expect(hung.count).toBe(0);
  });

  it('drops a call whose caller gave up, and leaves the others hung', async () => {
    const hung = new HungCalls();
    const caller = new AbortController();
    const abandoned = hung.hold(caller.signal);
    const waiting = hung.hold(new AbortController().signal);

    caller.abort();

    expect(await abandoned).toBe(false);
    expect(hung.count).toBe(1);
    hung.cutAll();
    expect(await waiting).toBe(false);
    expect(hung.count).toBe(0);
  });

  it('does not hold a call whose caller is already gone', async () => {
    const hung = new HungCalls();

    expect(await hung.hold(AbortSignal.abort())).toBe(false);
    expect(hung.count).toBe(0);
  });
});
