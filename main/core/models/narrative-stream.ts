import { JSONParser } from '@streamparser/json';

/**
 * Reads the `narrative` field out of a narrator's JSON answer while it is still being written, and reports
 * each piece of prose as it grows. An answer that is not (yet) JSON, or names no narrative, reports nothing;
 * the narrative reported is exactly the decoded string the finished answer holds.
 */
export class NarrativeStream {
  private readonly parser = new JSONParser({
    paths: ['$.narrative'],
    keepStack: false,
    emitPartialValues: true,
    emitPartialTokens: true,
  });
  private written = 0;
  private broken = false;

  constructor(private readonly onProse: (offset: number, text: string) => void) {
    this.parser.onValue = ({ value }) => {
      if (typeof value !== 'string' || value.length <= this.written) return;
      const offset = this.written;
      this.written = value.length;
      this.onProse(offset, value.slice(offset));
    };
    // Malformed JSON ends the stream quietly: the answer's own check names what is wrong with it.
    this.parser.onError = () => (this.broken = true);
  }

  /** The prose reported so far, in characters. */
  get length(): number {
    return this.written;
  }

  push(chunk: string): void {
    if (this.broken || !chunk) return;
    try {
      this.parser.write(chunk);
    } catch {
      this.broken = true;
    }
  }
}
