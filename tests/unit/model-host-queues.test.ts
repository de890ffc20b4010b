import { describe, expect, it } from 'vitest';
import { AgentSequences } from '../../main/core/models/llama-cpp/agent-sequences';
import { GenerationSlots } from '../../main/core/models/llama-cpp/generation-slots';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the generation slots of a local model', () => {
  it('runs at most its size at once, the rest in the order they came', async () => {
    const slots = new GenerationSlots(1);
    const started: string[] = [];
    const take = (name: string) =>
      slots.take(new AbortController().signal).then((release) => (started.push(name), release));
    const first = await take('a');
    const second = take('b');
    const third = take('c');
    await tick();
    expect(started).toEqual(['a']);
    first();
    (await second)();
    await third;
    expect(started).toEqual(['a', 'b', 'c']);
  });

  it('lets a cancelled waiter leave the line at once, so it never holds up the one behind it', async () => {
    const slots = new GenerationSlots(1);
    const running = await slots.take(new AbortController().signal);
    const stop = new AbortController();
    const cancelled = slots.take(stop.signal);
    const next = slots.take(new AbortController().signal);
    stop.abort(new Error('stopped'));
    await expect(cancelled).rejects.toThrow('stopped');
    running();
    await expect(next).resolves.toBeTypeOf('function');
  });
});

describe("a context's sequences, one per agent", () => {
  const pool = (size: number) => {
    let made = 0;
    return new AgentSequences(() => (made < size ? `seq${made++}` : null));
  };

  it('gives an agent back the sequence that holds its last prompt', async () => {
    const sequences = pool(2);
    const first = await sequences.borrow('tactical');
    first.release();
    const again = await sequences.borrow('tactical');
    expect(again).toMatchObject({ sequence: first.sequence, reused: true });
  });

  it('never lends a sequence to two generations: the second asker waits for it', async () => {
    const sequences = pool(2);
    const first = await sequences.borrow('tactical');
    let second: string | null = null;
    const waiting = sequences.borrow('tactical').then((lent) => (second = lent.sequence));
    await tick();
    expect(second).toBeNull();
    first.release();
    await waiting;
    expect(second).toBe(first.sequence);
  });

  it('takes over the least recently used idle sequence when every one has an agent, never a busy one', async () => {
    const sequences = pool(2);
    const a = await sequences.borrow('strategic');
    const b = await sequences.borrow('perception');
    b.release();
    a.release();
    (await sequences.borrow('perception')).release(); // strategic is now the least recently used
    const busy = await sequences.borrow('perception');
    const planner = await sequences.borrow('planner');
    expect(planner).toMatchObject({ sequence: a.sequence, reused: false });
    busy.release();
    planner.release();
  });
});
