import { describe, expect, it } from 'vitest';
import { latestRunner } from '../../renderer/src/features/prompts/latest-runner';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('the live preview request runner', () => {
  it('coalesces requests made while one is in flight into the newest, and applies answers in order', async () => {
    const calls: string[] = [];
    const waiting = new Map<string, ReturnType<typeof deferred<string>>>();
    const applied: string[] = [];
    const request = latestRunner(
      (text: string) => {
        calls.push(text);
        const d = deferred<string>();
        waiting.set(text, d);
        return d.promise;
      },
      (answer) => applied.push(answer),
    );
    request('a');
    request('ab');
    request('abc');
    expect(calls).toEqual(['a']);
    waiting.get('a')!.resolve('preview of a');
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual(['a', 'abc']); // "ab" was never asked: "abc" replaced it
    waiting.get('abc')!.resolve('preview of abc');
    await new Promise((r) => setTimeout(r, 0));
    expect(applied).toEqual(['preview of a', 'preview of abc']);
  });

  it('never lets an older answer overwrite a newer one', async () => {
    const applied: number[] = [];
    const request = latestRunner(
      async (n: number) => n,
      (n) => applied.push(n),
    );
    for (let i = 1; i <= 20; i++) request(i);
    await new Promise((r) => setTimeout(r, 10));
    expect(applied.at(-1)).toBe(20);
    expect([...applied].sort((a, b) => a - b)).toEqual(applied);
  });

  it('keeps going after a failed request', async () => {
    const applied: string[] = [];
    let fail = true;
    const request = latestRunner(
      async (text: string) => {
        if (fail) {
          fail = false;
          throw new Error('host went away');
        }
        return text;
      },
      (text) => applied.push(text),
    );
    request('first');
    await new Promise((r) => setTimeout(r, 0));
    request('second');
    await new Promise((r) => setTimeout(r, 0));
    expect(applied).toEqual(['second']);
  });
});
