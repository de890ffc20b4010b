/**
 * At most `size` generations at once; the rest wait in order. A waiter whose call is cancelled leaves the line
 * at once, so it never holds up (or outlives) the generation in front of it.
 */
export class GenerationSlots {
  private running = 0;
  private readonly waiting: { start: () => void; signal: AbortSignal }[] = [];

  constructor(private readonly size: number) {}

  /** Resolves with the slot's release once it is this call's turn; rejects if the call is cancelled first. */
  take(signal: AbortSignal): Promise<() => void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.running < this.size) return Promise.resolve(this.hold());
    return new Promise((resolve, reject) => {
      const waiter = { start: () => resolve(this.hold()), signal };
      this.waiting.push(waiter);
      signal.addEventListener(
        'abort',
        () => {
          const at = this.waiting.indexOf(waiter);
          if (at >= 0) {
            this.waiting.splice(at, 1);
            reject(signal.reason);
          }
        },
        { once: true },
      );
    });
  }

  private hold(): () => void {
    this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      this.waiting.shift()?.start();
    };
  }
}
