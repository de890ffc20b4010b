import type { EventPayload } from '../../../../shared/ipc/contract';

type Piece = Pick<EventPayload<'planning.narrativeWritten'>, 'stepId' | 'offset' | 'text'>;

/** What the player shows of the narrative being written: the text so far of the narrator's latest model step. */
export interface DraftSnapshot {
  stepId: string | null;
  text: string;
}

const EMPTY: DraftSnapshot = { stepId: null, text: '' };

/** Runs a callback before the next paint; the browser's animation frame, or anything alike in tests. */
export interface FrameScheduler {
  request(run: () => void): number;
  cancel(handle: number): void;
}

const animationFrames: FrameScheduler = {
  request: (run) => requestAnimationFrame(run),
  cancel: (handle) => cancelAnimationFrame(handle),
};

/**
 * The narrative of the turn playing, as the narrator's model writes it. Pieces arrive many times a frame; the
 * one component that shows the draft hears of them at most once a frame (a store for useSyncExternalStore), so
 * the transcript around it never re-renders for a chunk.
 */
export class NarrativeDraft {
  private stepId: string | null = null;
  private text = '';
  private snapshot = EMPTY;
  private frame: number | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly frames: FrameScheduler = animationFrames) {}

  /** A piece continues its step's narrative at its offset; a new step (a re-ask) writes from the start again. */
  write(piece: Piece): void {
    if (piece.stepId !== this.stepId) {
      this.stepId = piece.stepId;
      this.text = '';
    }
    this.text = this.text.slice(0, piece.offset) + piece.text;
    this.frame ??= this.frames.request(() => {
      this.frame = null;
      this.publish();
    });
  }

  /** Drops the draft at once: the turn was stored (the stored narrative replaces it) or stopped (nothing kept). */
  clear(): void {
    if (this.frame !== null) this.frames.cancel(this.frame);
    this.frame = null;
    this.stepId = null;
    this.text = '';
    this.publish();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): DraftSnapshot => this.snapshot;

  private publish(): void {
    if (this.snapshot.stepId === this.stepId && this.snapshot.text === this.text) return;
    this.snapshot = this.stepId === null && !this.text ? EMPTY : { stepId: this.stepId, text: this.text };
    for (const listener of this.listeners) listener();
  }
}
