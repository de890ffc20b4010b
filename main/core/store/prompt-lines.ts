import { z } from 'zod';
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

/** An agent's latest prompt as stored: its text, where each of its lines starts, and where each is stored. */
export interface StoredPrompt {
  text: string;
  starts: readonly number[];
  refs: readonly LineRef[];
}

/** Where line `i` of a prompt ends: at its newline, or at the end of the text. */
const lineEnd = (prompt: Pick<StoredPrompt, 'text' | 'starts'>, i: number) =>
  i + 1 < prompt.starts.length ? prompt.starts[i + 1]! - 1 : prompt.text.length;

/**
 * What a store remembers of a session's prompts between turns: each agent's latest prompt, where every line it
 * stored lately lives, and the lines each of those turns stored.
 */
export interface KnownPrompts {
  byAgent: Map<string, StoredPrompt>;
  lines: Map<string, LineRef>;
  stored: Map<string, readonly string[]>;
  /** How many lines it remembers by text, and how many turns' stored lines, before it starts over. */
  limits: { lines: number; turns: number };
}

/** How many lines a store remembers by text per session, and of how many turns it keeps the stored lines. */
const REMEMBERED = { lines: 50_000, turns: 2_000 };

export const noKnownPrompts = (limits = REMEMBERED): KnownPrompts => ({
  byAgent: new Map(),
  lines: new Map(),
  stored: new Map(),
  limits,
});

/** One turn's stored prompts: the lines it added, and each prompt as runs over lines of this and earlier turns. */
export const StoredPrompts = z.object({
  lines: z.array(z.string()),
  /** The turns the runs point into; index 0 is the turn itself. */
  from: z.array(z.string()),
  /** Each run is three numbers: an index into `from`, the first line, the count of lines. */
  prompts: z.array(z.object({ stepId: z.string(), hash: z.string(), runs: z.array(z.number().int().nonnegative()) })),
});
export type StoredPrompts = z.infer<typeof StoredPrompts>;

/** How far ahead, in either prompt, a changed stretch is looked past for where the two agree again. */
const REALIGN_WINDOW = 16;
/** Lines shorter than this are stored again rather than looked up. */
const LOOKED_UP_LENGTH = 24;
/** Below this many characters, two texts are compared character by character rather than in one native call. */
const CHUNK_FLOOR = 16;
const NEWLINE = 10;

/** A turn's prompts split for storing, and what to remember of them once the turn is committed. */
export interface EncodedPrompts {
  stored: StoredPrompts;
  added: Map<string, LineRef>;
  byAgent: Map<string, StoredPrompt>;
}

/** How many characters `a` from `i` and `b` from `j` have in common, compared in chunks that grow while they agree. */
export function commonLength(a: string, i: number, b: string, j: number): number {
  const max = Math.min(a.length - i, b.length - j);
  let same = 0;
  let step = 256;
  while (same < max) {
    const n = Math.min(step, max - same);
    if (n <= CHUNK_FLOOR) {
      while (same < max && a.charCodeAt(i + same) === b.charCodeAt(j + same)) same++;
      return same;
    }
    if (a.slice(i + same, i + same + n) === b.slice(j + same, j + same + n)) {
      same += n;
      step *= 2;
    } else {
      step = n >> 1;
    }
  }
  return same;
}

/**
 * Splits a turn's prompts into the lines it must store and runs over lines already stored. Each prompt is read
 * beside its agent's last one: where the two agree, whole stretches of lines are taken over at once; where they
 * differ, the nearest place they agree again says whether lines were put in, left out or rewritten. A line not
 * in the last prompt continues the run before it if it can, is looked up by text among the lines stored lately,
 * and only a line found nowhere is stored. `known` is not changed: see `remember`.
 */
export function encodePrompts(
  turnId: string,
  prompts: readonly (PromptSent & { agent: string })[],
  known: KnownPrompts = noKnownPrompts(),
): EncodedPrompts {
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
  const encoded = prompts.map(({ stepId, hash, prompt: text, agent }) => {
    const base = byAgent.get(agent) ?? known.byAgent.get(agent);
    const count = base ? base.starts.length : 0;
    const starts: number[] = [];
    const refs: LineRef[] = [];
    const endAt = (at: number) => {
      const newline = text.indexOf('\n', at);
      return newline < 0 ? text.length : newline;
    };
    // Whether line `b` of the last prompt is this prompt's text from `at` to `end`.
    const sameLine = (b: number, at: number, end: number) => {
      if (b >= count) return false;
      const bStart = base!.starts[b]!;
      const bEnd = lineEnd(base!, b);
      return bEnd - bStart === end - at && text.slice(at, end) === base!.text.slice(bStart, bEnd);
    };
    // Where this prompt's lines from a changed one on start and end, as far as a realignment looks.
    const aheadStarts: number[] = [];
    const aheadEnds: number[] = [];
    // Whether the two agree from line `b` of the last prompt and the `k`th line ahead: two lines alike (or the
    // last), so a lone brace or blank line is no place to agree on.
    const agree = (b: number, k: number) =>
      k < aheadStarts.length &&
      sameLine(b, aheadStarts[k]!, aheadEnds[k]!) &&
      (aheadEnds[k] === text.length || sameLine(b + 1, aheadStarts[k + 1]!, aheadEnds[k + 1]!));
    let cursor = 0;
    let at = 0;
    while (at <= text.length) {
      if (cursor < count) {
        // Whole lines in common from here are taken over at once, each with its newline (or both prompts end).
        const baseAt = base!.starts[cursor]!;
        const common = commonLength(text, at, base!.text, baseAt);
        let next = at;
        while (cursor < count) {
          const end = lineEnd(base!, cursor);
          // Where this prompt's line would end: the line is the same if its newline is in common too, or if the
          // common text stops right there and this prompt's line ends there as well.
          const stop = at + end - baseAt;
          if (!(
            end < baseAt + common ||
            (end === baseAt + common && (stop === text.length || text.charCodeAt(stop) === NEWLINE))
          ))
            break;
          starts.push(at + base!.starts[cursor]! - baseAt);
          refs.push(base!.refs[cursor++]!);
          next = stop + 1;
        }
        if (next !== at) {
          at = next;
          continue;
        }
        // A changed stretch: the nearest place past it where the two agree again says what happened here.
        aheadStarts.length = 0;
        aheadEnds.length = 0;
        for (
          let start = at;
          aheadStarts.length <= REALIGN_WINDOW + 1 && start <= text.length;
          start = aheadEnds[aheadEnds.length - 1]! + 1
        ) {
          aheadStarts.push(start);
          aheadEnds.push(endAt(start));
        }
        for (let k = 1; k <= REALIGN_WINDOW; k++) {
          if (agree(cursor + k, 0)) {
            cursor += k; // lines of the last prompt left out: this line is the one after them
            break;
          }
          // Lines put in (the last prompt waits) or rewritten: either way this line is new.
          if (agree(cursor, k) || agree(cursor + k, k)) break;
        }
        if (sameLine(cursor, at, aheadEnds[0]!)) continue;
      }
      const end = endAt(at);
      const line = text.slice(at, end);
      // The line after the one the last line was taken from may be this one: taking it keeps the run whole.
      const last = refs[refs.length - 1];
      let ref =
        last && (last.turn === turnId ? lines : known.stored.get(last.turn))?.[last.line + 1] === line
          ? { turn: last.turn, line: last.line + 1 }
          : undefined;
      // A short line is cheaper stored again than pointed at: a pointer breaks the run it sits in.
      const distinct = line.length >= LOOKED_UP_LENGTH;
      if (!ref && distinct) ref = added.get(line) ?? known.lines.get(line);
      if (!ref) {
        ref = { turn: turnId, line: lines.push(line) - 1 };
        if (distinct) added.set(line, ref);
      }
      // A rewritten line takes the place of the last prompt's line there.
      if (end < text.length && sameLine(cursor + 1, end + 1, endAt(end + 1))) cursor++;
      starts.push(at);
      refs.push(ref);
      at = end + 1;
    }
    byAgent.set(agent, { text, starts, refs });
    return { stepId, hash, runs: toRuns(refs) };
  });
  return { stored: { lines, from, prompts: encoded }, added, byAgent };
}

/** Takes in what a committed turn stored, so later turns point at its lines. */
export function remember(known: KnownPrompts, encoded: EncodedPrompts): void {
  for (const [agent, prompt] of encoded.byAgent) known.byAgent.set(agent, prompt);
  known.stored.set(encoded.stored.from[0]!, encoded.stored.lines);
  if (known.lines.size + encoded.added.size > known.limits.lines || known.stored.size > known.limits.turns) {
    // Start over from the latest prompts: what they hold is what the next turn will most likely repeat.
    known.lines.clear();
    for (const prompt of known.byAgent.values()) {
      prompt.refs.forEach((ref, i) => known.lines.set(prompt.text.slice(prompt.starts[i], lineEnd(prompt, i)), ref));
    }
    const pointedAt = new Set([...known.lines.values()].map((ref) => ref.turn));
    for (const turn of known.stored.keys()) if (!pointedAt.has(turn)) known.stored.delete(turn);
    // Runs are continued only while the lines they would continue are at hand: nothing depends on it.
    if (known.stored.size > known.limits.turns) known.stored.clear();
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
      if (!source || first + count > source.length)
        throw new Error(`prompt of step ${stepId} points past the lines of turn ${stored.from[runs[i]!]}`);
      for (let line = first; line < first + count; line++) text.push(source[line]!);
    }
    return { stepId, hash, prompt: text.join('\n') };
  });
}
