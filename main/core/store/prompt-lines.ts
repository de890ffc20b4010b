import type { PromptSent } from '../../../shared/schemas/session';

/**
 * The prompts as sent, stored by line. A turn's prompts repeat most of the last turn's (the protocol prompt, its
 * schema, most of the world), so a turn stores only the lines that changed and points at the rest: a few
 * kilobytes a turn instead of seventy, with nothing to compress.
 */

/** Where a line is stored: the turn that stored it, and its place among that turn's lines. */
export interface LineRef {
  turn: string;
  line: number;
}

/** An agent's latest prompt as stored: its lines, and where each is stored. */
export interface StoredPrompt {
  lines: readonly string[];
  refs: readonly LineRef[];
}

/**
 * What a store remembers of a session's prompts between turns: each agent's latest prompt, and where every line
 * it stored lately lives.
 */
export interface KnownPrompts {
  byAgent: Map<string, StoredPrompt>;
  lines: Map<string, LineRef>;
}

export const noKnownPrompts = (): KnownPrompts => ({ byAgent: new Map(), lines: new Map() });

/** One turn's stored prompts: the lines it added, and each prompt as runs over lines of this and earlier turns. */
export interface StoredPrompts {
  lines: string[];
  /** The turns the runs point into; index 0 is the turn itself. */
  from: string[];
  /** Each run is three numbers: an index into `from`, the first line, the count of lines. */
  prompts: { stepId: string; hash: string; runs: number[] }[];
}

/** How many lines a store remembers by text per session before it starts over from the latest prompts. */
const REMEMBERED_LINES = 50_000;
/** How far ahead in the agent's last prompt a line is looked for once the two have drifted apart. */
const RESYNC_WINDOW = 8;
/** Lines shorter than this are stored again rather than looked up. */
const LOOKED_UP_LENGTH = 24;

/** A turn's prompts split for storing, and what to remember of them once the turn is committed. */
export interface EncodedPrompts {
  stored: StoredPrompts;
  added: Map<string, LineRef>;
  byAgent: Map<string, StoredPrompt>;
}

/**
 * Splits a turn's prompts into the lines it must store and runs over lines already stored. Each prompt is walked
 * beside its agent's last one: an equal line costs one comparison; a changed one is looked up by text among the
 * lines stored lately, and only a line found nowhere is stored. `known` is not changed: see `remember`.
 */
export function encodePrompts(turnId: string, prompts: readonly (PromptSent & { agent: string })[], known: KnownPrompts = noKnownPrompts()): EncodedPrompts {
  const lines: string[] = [];
  const from = [turnId];
  const fromIndex = new Map([[turnId, 0]]);
  const added = new Map<string, LineRef>();
  const byAgent = new Map<string, StoredPrompt>();
  const toRuns = (refs: readonly LineRef[]): number[] => {
    const runs: number[] = [];
    let lastTurn = '';
    let lastSource = -1;
    for (const ref of refs) {
      if (ref.turn !== lastTurn) {
        lastTurn = ref.turn;
        let source = fromIndex.get(ref.turn);
        if (source === undefined) {
          source = from.push(ref.turn) - 1;
          fromIndex.set(ref.turn, source);
        }
        lastSource = source;
      }
      const last = runs.length - 3;
      if (last >= 0 && runs[last] === lastSource && runs[last + 1]! + runs[last + 2]! === ref.line) runs[last + 2]!++;
      else runs.push(lastSource, ref.line, 1);
    }
    return runs;
  };
  const encoded = prompts.map(({ stepId, hash, prompt, agent }) => {
    const base = byAgent.get(agent) ?? known.byAgent.get(agent);
    const text = prompt.split('\n');
    const refs: LineRef[] = [];
    const baseEnd = base ? base.lines.length : 0;
    let cursor = 0;
    for (const line of text) {
      let ref: LineRef | undefined;
      if (base && cursor < baseEnd && base.lines[cursor] === line) {
        ref = base.refs[cursor++]!;
      } else {
        // A short line is cheaper stored again than pointed at: a pointer breaks the run it sits in.
        const distinct = line.length >= LOOKED_UP_LENGTH;
        if (distinct) ref = added.get(line) ?? known.lines.get(line);
        if (!ref) {
          ref = { turn: turnId, line: lines.push(line) - 1 };
          if (distinct) added.set(line, ref);
        }
        // Only a distinct line is sure enough to resynchronize on: a lone brace is everywhere.
        if (distinct && base) {
          const until = Math.min(baseEnd, cursor + RESYNC_WINDOW);
          for (let j = cursor + 1; j < until; j++) {
            if (base.lines[j] === line) {
              cursor = j + 1;
              break;
            }
          }
        }
      }
      refs.push(ref);
    }
    byAgent.set(agent, { lines: text, refs });
    return { stepId, hash, runs: toRuns(refs) };
  });
  return { stored: { lines, from, prompts: encoded }, added, byAgent };
}

/** Takes in what a committed turn stored, so later turns point at its lines. */
export function remember(known: KnownPrompts, encoded: EncodedPrompts): void {
  for (const [agent, prompt] of encoded.byAgent) known.byAgent.set(agent, prompt);
  if (known.lines.size + encoded.added.size > REMEMBERED_LINES) {
    // Start over from the latest prompts: what they hold is what the next turn will most likely repeat.
    known.lines.clear();
    for (const prompt of known.byAgent.values()) prompt.lines.forEach((line, i) => known.lines.set(line, prompt.refs[i]!));
  }
  for (const [line, ref] of encoded.added) known.lines.set(line, ref);
}

/** The prompts back, whole; `linesOf` gives the lines another turn stored. */
export function decodePrompts(stored: StoredPrompts, linesOf: (turnId: string) => readonly string[]): PromptSent[] {
  const sources = stored.from.map((turn, i) => (i === 0 ? stored.lines : linesOf(turn)));
  return stored.prompts.map(({ stepId, hash, runs }) => {
    const text: string[] = [];
    for (let i = 0; i < runs.length; i += 3) {
      const source = sources[runs[i]!];
      const first = runs[i + 1]!;
      const count = runs[i + 2]!;
      if (!source || first + count > source.length) throw new Error(`prompt of step ${stepId} points past the lines of turn ${stored.from[runs[i]!]}`);
      for (let line = first; line < first + count; line++) text.push(source[line]!);
    }
    return { stepId, hash, prompt: text.join('\n') };
  });
}
