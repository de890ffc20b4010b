/**
 * A context's sequences, one per agent: an agent gets back the sequence that holds its last prompt. A sequence
 * is lent to one generation at a time; when every sequence has an agent, the least recently used idle one is
 * taken over, and a caller waits while all of them are busy.
 */
export class AgentSequences<S> {
  /** Agents by the sequence they hold, least recently used first. */
  private readonly byAgent = new Map<string, S>();
  private readonly busy = new Set<S>();
  private readonly released: (() => void)[] = [];

  constructor(private readonly create: () => S | null) {}

  /** The agent's sequence (or another's, taken over), and how to give it back. */
  async borrow(agent: string): Promise<{ sequence: S; reused: boolean; release: () => void }> {
    for (;;) {
      const found = this.pick(agent);
      if (found) {
        const { sequence, reused } = found;
        this.busy.add(sequence);
        this.byAgent.delete(agent);
        this.byAgent.set(agent, sequence);
        let done = false;
        const release = () => {
          if (done) return;
          done = true;
          this.busy.delete(sequence);
          this.released.splice(0).forEach((wake) => wake());
        };
        return { sequence, reused, release };
      }
      await new Promise<void>((wake) => this.released.push(wake));
    }
  }

  private pick(agent: string): { sequence: S; reused: boolean } | null {
    const own = this.byAgent.get(agent);
    if (own !== undefined) return this.busy.has(own) ? null : { sequence: own, reused: true };
    const fresh = this.create();
    if (fresh !== null) return { sequence: fresh, reused: false };
    for (const [other, sequence] of this.byAgent) {
      if (this.busy.has(sequence)) continue;
      this.byAgent.delete(other);
      return { sequence, reused: false };
    }
    return null;
  }
}
