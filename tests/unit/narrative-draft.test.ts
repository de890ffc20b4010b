import { describe, expect, it } from 'vitest';
import { NarrativeDraft, type FrameScheduler } from '../../renderer/src/features/sessions/narrative-draft';

/** Frames that run only when the test says the browser painted. */
function manualFrames(): FrameScheduler & { paint(): void; pending(): number } {
  let queue = new Map<number, () => void>();
  let next = 1;
  return {
    request: (run) => (queue.set(next, run), next++),
    cancel: (handle) => void queue.delete(handle),
    paint() {
      const due = queue;
      queue = new Map();
      for (const run of due.values()) run();
    },
    pending: () => queue.size,
  };
}

describe('the narrative being written, as the player shows it', () => {
  it('tells its listeners once a frame, however many pieces arrived in it', () => {
    const frames = manualFrames();
    const draft = new NarrativeDraft(frames);
    let heard = 0;
    draft.subscribe(() => heard++);
    draft.write({ stepId: 's9', offset: 0, text: 'Rain ' });
    draft.write({ stepId: 's9', offset: 5, text: 'needles ' });
    draft.write({ stepId: 's9', offset: 13, text: 'the harbor.' });
    expect(frames.pending()).toBe(1);
    expect(draft.getSnapshot().text).toBe('');
    frames.paint();
    expect(heard).toBe(1);
    expect(draft.getSnapshot()).toEqual({ stepId: 's9', text: 'Rain needles the harbor.' });
  });

  it('keeps the same snapshot between frames, so a repaint without news renders nothing new', () => {
    const frames = manualFrames();
    const draft = new NarrativeDraft(frames);
    draft.write({ stepId: 's9', offset: 0, text: 'Rain.' });
    frames.paint();
    const first = draft.getSnapshot();
    expect(draft.getSnapshot()).toBe(first);
    draft.write({ stepId: 's9', offset: 0, text: 'Rain.' });
    frames.paint();
    expect(draft.getSnapshot()).toBe(first);
  });

  it('starts again from nothing when a re-ask (a new model step) writes', () => {
    const frames = manualFrames();
    const draft = new NarrativeDraft(frames);
    draft.write({ stepId: 's9', offset: 0, text: 'A cut-off first answer that' });
    frames.paint();
    draft.write({ stepId: 's14', offset: 0, text: 'The gate opens.' });
    frames.paint();
    expect(draft.getSnapshot()).toEqual({ stepId: 's14', text: 'The gate opens.' });
  });

  it('writes a piece at its offset, over anything past it', () => {
    const frames = manualFrames();
    const draft = new NarrativeDraft(frames);
    draft.write({ stepId: 's9', offset: 0, text: 'The gate is shut.' });
    draft.write({ stepId: 's9', offset: 12, text: 'open.' });
    frames.paint();
    expect(draft.getSnapshot().text).toBe('The gate is open.');
  });

  it('clears at once on stop, and a frame already asked for brings nothing back', () => {
    const frames = manualFrames();
    const draft = new NarrativeDraft(frames);
    let heard = 0;
    const unsubscribe = draft.subscribe(() => heard++);
    draft.write({ stepId: 's9', offset: 0, text: 'Half a sentence' });
    frames.paint();
    draft.write({ stepId: 's9', offset: 15, text: ' and more' });
    draft.clear();
    expect(draft.getSnapshot()).toEqual({ stepId: null, text: '' });
    expect(frames.pending()).toBe(0);
    expect(heard).toBe(2);
    unsubscribe();
    draft.write({ stepId: 's9', offset: 0, text: 'late' });
    frames.paint();
    expect(heard).toBe(2);
  });
});
