import { hash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../../shared/ipc/result';
import { BundleTurnV1, SealedBundleV1, SessionBundleV1, type BundleRecord } from '../../../../shared/schemas/bundle';
import { describeIssues } from '../../../../shared/schemas/zod-issues';
import { withoutPrompts } from './bundle-prompts';
import type { V1List, V1MemberSink } from './v1-members';

/** Version 1 but for its lists, whose elements are checked one at a time as they are read. */
const V1Envelope = SessionBundleV1.extend({
  turns: z.array(z.unknown()),
  audit: z.array(z.unknown()),
  modelExchanges: z.array(z.unknown()),
  notes: z.array(z.unknown()),
});
/** The members the session record is made of, checked as soon as the last of them is read. */
const V1Head = SessionBundleV1.pick({ format: true, version: true, session: true, branches: true });
const HEAD_KEYS = Object.keys(V1Head.shape);

type Records = Record<Exclude<V1List, 'turns'>, BundleRecord[]>;
/** A turn read: its prompt set's hash, then its prompts not handed on before and its own record. */
interface TurnRead {
  setHash: string;
  records: BundleRecord[];
}
const RECORD_OF: Record<V1List, BundleRecord['record']> = {
  turns: 'turn',
  audit: 'audit',
  modelExchanges: 'exchange',
  notes: 'note',
};

const sha256 = (text: string) => hash('sha256', text, 'hex');

const notABundle = (error: z.ZodError, path: PropertyKey[] = []) =>
  new AppError(
    'BAD_INPUT',
    `Not a session bundle of this workbench: ${describeIssues(
      new z.ZodError(error.issues.map((issue) => ({ ...issue, path: [...path, ...issue.path] }))),
    )}`,
  );

/**
 * A version 1 document's members, as they are read, made into the records of a version 2 bundle in version 2's
 * order: the session, each turn after its prompt set and prompts, the audit, the model exchanges, the notes, and an
 * end record that counts them. The importer needs that order (a turn's prompt set before it, an audit entry's turn
 * before it), which a version 1 file need not have: the files this workbench wrote hold `turns` before
 * `promptSets`. So what comes before what it needs waits here, and nothing else: a turn read before the prompt
 * sets waits as its version 2 records (its prompts, which the importer keeps until the end anyway, and the turn
 * without them); an audit entry, exchange or note waits for the lists before it to end. In the order this
 * workbench wrote, only the turns wait, and only for the prompt sets that follow them.
 */
export class V1Assembly implements V1MemberSink {
  /** Every member read: whole for most, an empty array for a list read to its end, `''` for a sealed text. */
  private readonly members = new Map<string, unknown>();
  private turnsWaiting: TurnRead[] = [];
  private readonly waiting: Records = { audit: [], modelExchanges: [], notes: [] };
  private readonly counts: Record<V1List, number> = { turns: 0, audit: 0, modelExchanges: 0, notes: 0 };
  private readonly closedLists = new Set<V1List>();
  private promptSets: Map<string, Record<string, string>> | null = null;
  private readonly setsOut = new Set<string>();
  private readonly promptsOut = new Set<string>();
  private sessionOut = false;
  private sealedAt: { start: number; end: number } | null = null;
  private ready: BundleRecord[] = [];

  /** The records made so far and not yet taken. */
  take(): BundleRecord[] {
    const records = this.ready;
    this.ready = [];
    return records;
  }

  member(key: string, value: unknown): void {
    this.members.set(key, value);
    if (key === 'promptSets') {
      const sets = SessionBundleV1.shape.promptSets.safeParse(value);
      if (!sets.success) throw notABundle(sets.error, ['promptSets']);
      this.promptSets = new Map(Object.entries(sets.data));
    }
    if (!this.sessionOut && HEAD_KEYS.every((name) => this.members.has(name))) {
      const head = V1Head.safeParse(Object.fromEntries(HEAD_KEYS.map((name) => [name, this.members.get(name)])));
      if (!head.success) throw notABundle(head.error);
      this.ready.push({ record: 'session', session: head.data.session, branches: head.data.branches });
      this.sessionOut = true;
    }
    this.flush();
  }

  element(list: V1List, value: unknown): void {
    const index = this.counts[list]++;
    if (list === 'turns') this.turnRead(index, value);
    else {
      const checked = SessionBundleV1.shape[list].element.safeParse(value);
      if (!checked.success) throw notABundle(checked.error, [list, index]);
      this.waiting[list].push({ record: RECORD_OF[list], ...checked.data } as BundleRecord);
    }
    this.flush();
  }

  closed(list: V1List): void {
    this.members.set(list, []);
    this.closedLists.add(list);
    this.flush();
  }

  sealedText(start: number, end: number): void {
    this.members.set('sealed', '');
    this.sealedAt = { start, end };
  }

  notAnObject(first: unknown): never {
    throw notABundle(V1Envelope.safeParse(first).error!);
  }

  /** When the document read is a sealed version 1 file (`bytes`): its envelope and its base64 text. */
  sealedFile(bytes: Buffer): { envelope: SealedBundleV1; base64: Buffer } | null {
    const sealed = SealedBundleV1.safeParse(Object.fromEntries(this.members));
    if (!sealed.success) return null;
    const at = this.sealedAt;
    // A text read as a string (it had an escape) is base64 only if it is all latin1; anything else fails to open.
    const base64 = at ? bytes.subarray(at.start, at.end) : Buffer.from(sealed.data.sealed, 'latin1');
    return { envelope: sealed.data, base64 };
  }

  /** After the document's end: checks it whole and makes the end record. */
  finish(): void {
    const checked = V1Envelope.safeParse(Object.fromEntries(this.members));
    if (!checked.success) throw notABundle(checked.error);
    // Every member is here and held: each list has ended, the session and the prompt sets were read, so no
    // element waits any longer.
    const { turns, audit, modelExchanges: exchanges, notes } = this.counts;
    this.ready.push({ record: 'end', turns, audit, exchanges, notes });
  }

  /** A turn as version 2 has it: each prompt as a record of its own, named in the turn by its text's hash. */
  private turnRead(index: number, input: unknown): void {
    const checked = BundleTurnV1.safeParse(input);
    if (!checked.success) throw notABundle(checked.error, ['turns', index]);
    const turn = checked.data;
    // Version 1 named a prompt by a hash it did not check; version 2 names it by its text's own.
    const promptsSent = turn.promptsSent.map(({ stepId, prompt }) => ({ stepId, prompt, hash: sha256(prompt) }));
    const records: BundleRecord[] = [];
    for (const sent of promptsSent) {
      if (this.promptsOut.has(sent.hash)) continue;
      this.promptsOut.add(sent.hash);
      records.push({ record: 'prompt', hash: sent.hash, text: sent.prompt });
    }
    records.push({
      record: 'turn',
      ...turn,
      result: { ...turn.result, trace: withoutPrompts(turn.result.trace) },
      promptsSent: promptsSent.map(({ stepId, hash }) => ({ stepId, hash })),
    });
    this.turnsWaiting.push({ setHash: turn.result.promptSetHash, records });
  }

  /** Hands on, in order, every record whose needs have been read. */
  private flush(): void {
    if (!this.sessionOut || !this.promptSets) return;
    for (const { setHash, records } of this.turnsWaiting) {
      this.promptSetFor(setHash);
      for (const record of records) this.ready.push(record);
    }
    this.turnsWaiting = [];
    if (!this.closedLists.has('turns')) return;
    for (const list of ['audit', 'modelExchanges', 'notes'] as const) {
      for (const record of this.waiting[list]) this.ready.push(record);
      this.waiting[list] = [];
      if (!this.closedLists.has(list)) return;
    }
  }

  /** A turn's prompt set, before the first turn that names it; a set no turn names is left out. */
  private promptSetFor(setHash: string): void {
    const files = this.promptSets!.get(setHash);
    if (!files || this.setsOut.has(setHash)) return;
    this.setsOut.add(setHash);
    this.ready.push({ record: 'promptSet', hash: setHash, files });
  }
}
