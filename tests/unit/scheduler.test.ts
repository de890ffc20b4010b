import { describe, expect, it } from 'vitest';
import { checkDag, runDag, type DagNode } from '../../main/core/planning/scheduler';

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('checkDag', () => {
  it.each([
    [
      'a runnable graph',
      [
        { id: 'a', dependsOn: [] },
        { id: 'b', dependsOn: ['a'] },
      ],
      [],
    ],
    [
      'a duplicate id',
      [
        { id: 'a', dependsOn: [] },
        { id: 'a', dependsOn: [] },
      ],
      ['the id a is used twice'],
    ],
    ['a dangling dependency', [{ id: 'a', dependsOn: ['z'] }], ['a depends on z, which is not in the plan']],
    ['a self-dependency', [{ id: 'a', dependsOn: ['a'] }], ['a depends on itself']],
    [
      'a cycle',
      [
        { id: 'a', dependsOn: ['c'] },
        { id: 'b', dependsOn: ['a'] },
        { id: 'c', dependsOn: ['b'] },
        { id: 'd', dependsOn: [] },
      ],
      ['these steps depend on one another in a cycle: a, b, c'],
    ],
  ])('%s', (_label, nodes, problems) => {
    expect(checkDag(nodes)).toEqual(problems);
  });
});

describe('runDag', () => {
  it('starts independent nodes together and a dependent node only after its dependencies settle', async () => {
    const started: string[] = [];
    const gates = { a: deferred(), b: deferred() };
    const node = (id: string, dependsOn: string[], gate?: Promise<void>): DagNode<string> => ({
      id,
      dependsOn,
      run: async () => {
        started.push(id);
        await gate;
        return id;
      },
    });
    const running = runDag([node('a', [], gates.a.promise), node('b', [], gates.b.promise), node('c', ['a', 'b'])]);
    await Promise.resolve();
    expect(started).toEqual(['a', 'b']);
    gates.a.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['a', 'b']);
    gates.b.resolve();
    const settled = await running;
    expect(started).toEqual(['a', 'b', 'c']);
    expect(settled.get('c')).toEqual({ ok: true, value: 'c' });
  });

  it('settles a failing node as a failure and still runs what depends on it', async () => {
    const settled = await runDag<string>([
      { id: 'a', dependsOn: [], run: () => Promise.reject(new Error('no plan')) },
      { id: 'b', dependsOn: ['a'], run: () => Promise.resolve('went on') },
    ]);
    expect(settled.get('a')).toMatchObject({ ok: false });
    expect(settled.get('b')).toEqual({ ok: true, value: 'went on' });
  });

  it('refuses a graph with a cycle before running anything', async () => {
    let ran = false;
    const run = () => {
      ran = true;
      return Promise.resolve();
    };
    await expect(
      runDag([
        { id: 'a', dependsOn: ['b'], run },
        { id: 'b', dependsOn: ['a'], run },
      ]),
    ).rejects.toThrow(/cycle: a, b/);
    expect(ran).toBe(false);
  });
});
