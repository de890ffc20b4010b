import { Readable, Writable, type Writable as WritableStream } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createBrotliCompress } from 'node:zlib';
import { AppError } from '../../../../shared/ipc/result';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type BundleHeader, type BundleRecord } from '../../../../shared/schemas/bundle';
import type { PromptSent } from '../../../../shared/schemas/session';
import type { SessionStore } from '../session-store';
import type { TurnJson } from '../turns';
import { RecordsDigest } from './bundle-head';
import { withoutPrompts } from './bundle-prompts';
import { ChunkSealer, newSealedHeader } from './bundle-seal';

export interface BundleScope {
  /** With `uptoTurnId`: the timeline of this branch (the main one by default). */
  branchId?: string;
  /** Only the timeline up to this turn, on one main branch (a fork's). */
  uptoTurnId?: string;
}

const AUDIT_PAGE = 2_000;
/** Lines are handed to the compressor in batches of about this many bytes. */
const BATCH_BYTES = 256 * 1024;
/** Brotli at a middle quality with a 4 MB window: a turn's prompts find the last turns' lines in it. */
const BROTLI = { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_LGWIN]: 22 };

/**
 * A session's records, turn by turn, as a bundle holds them: each prompt set and each distinct prompt as sent once,
 * just before the first turn that uses it. What it covers is fixed when it starts (the turns, the end of the audit
 * chain), so a turn played while it streams is not half in it. Keys are never part of it.
 */
export function* bundleRecords(
  store: SessionStore,
  sessionId: string,
  scope: BundleScope = {},
): Generator<BundleRecord> {
  for (const record of records(store, sessionId, scope, false)) if (!Buffer.isBuffer(record)) yield record;
}

/**
 * The same records as JSON lines. A turn's line is put together from its parts' JSON as stored, never parsed and
 * written again: a turn is most of a bundle, and the import parses every record with its schema anyway.
 */
function* bundleLines(store: SessionStore, sessionId: string, counted: { turns: number }): Generator<Buffer> {
  for (const record of records(store, sessionId, {}, true)) {
    if (Buffer.isBuffer(record)) {
      yield record;
      continue;
    }
    if (record.record === 'end') counted.turns = record.turns;
    yield Buffer.from(JSON.stringify(record));
  }
}

function* records(
  store: SessionStore,
  sessionId: string,
  scope: BundleScope,
  asLines: boolean,
): Generator<BundleRecord | Buffer> {
  const summary = store.session(sessionId);
  if (summary.locked)
    throw new AppError(
      'INTEGRITY',
      `Session ${sessionId} cannot be read with the key in use, so it cannot be exported.`,
    );
  const partial = scope.uptoTurnId !== undefined;
  let branches = store.branches(sessionId).map(({ turns: _turns, ...branch }) => branch);
  let turnIds: string[];
  if (partial) {
    const onTimeline = store.turnIds(sessionId, scope.branchId);
    const upto = onTimeline.indexOf(scope.uptoTurnId!);
    if (upto < 0)
      throw new AppError('NOT_FOUND', `Turn ${scope.uptoTurnId} is not on that timeline of session ${sessionId}.`);
    turnIds = onTimeline.slice(0, upto + 1);
    branches = branches.filter((b) => b.parentBranchId === null);
  } else {
    turnIds = branches.flatMap((branch) => {
      const ids = store.turnIds(sessionId, branch.id);
      // A branch's own turns are those after its fork; the ones before belong to its parent.
      return branch.forkTurnIndex === null ? ids : ids.slice(branch.forkTurnIndex + 1);
    });
  }
  const source = store.auditEnd(sessionId);
  const auditEnd = source.seq + 1;
  const digest = new RecordsDigest();
  const exchanges = store.modelExchanges(sessionId);
  const kept = new Set(turnIds);
  const notes = store.notes(sessionId).filter((note) => kept.has(note.turnId));

  yield {
    record: 'session',
    session: {
      id: summary.id,
      title: summary.title,
      project: summary.project,
      model: summary.model,
      architecture: summary.architecture,
      seed: summary.seed,
      createdAt: summary.createdAt,
      forkedFrom: summary.forkedFrom,
      world: store.initialWorld(sessionId),
    },
    branches,
  };
  const sets = new Set<string>();
  const prompts = new Set<string>();
  /** The prompt set and the prompts a turn uses that no turn before it did. */
  function* firstUsed(setHash: string, sent: readonly { hash: string }[], texts: () => PromptSent[]) {
    if (!sets.has(setHash)) {
      sets.add(setHash);
      yield { record: 'promptSet', hash: setHash, files: store.promptSet(sessionId, setHash) } satisfies BundleRecord;
    }
    if (sent.every((p) => prompts.has(p.hash))) return;
    for (const { hash, prompt } of texts()) {
      if (prompts.has(hash)) continue;
      prompts.add(hash);
      yield { record: 'prompt', hash, text: prompt } satisfies BundleRecord;
    }
  }
  for (const turnId of turnIds) {
    if (asLines) {
      const turn = store.turnJson(sessionId, turnId);
      yield* firstUsed(turn.promptSetHash, turn.promptsSent, turn.prompts);
      const branchId = partial ? summary.mainBranchId : turn.branchId;
      digest.turn({ ...turn, branchId });
      yield turnLine(turn, branchId);
      continue;
    }
    const { sessionId: _s, promptsSent, result, plans, trace, ...turn } = store.turnParts(sessionId, turnId);
    yield* firstUsed(result.promptSetHash, promptsSent, () => promptsSent);
    digest.turn({ ...turn, branchId: partial ? summary.mainBranchId : turn.branchId });
    yield {
      record: 'turn',
      ...turn,
      branchId: partial ? summary.mainBranchId : turn.branchId,
      // The stored trace keeps each model step's prompt apart already: withoutPrompts only makes sure of it.
      result: { ...result, plans, trace: withoutPrompts(trace), audit: [] },
      promptsSent: promptsSent.map(({ stepId, hash }) => ({ stepId, hash })),
    };
  }
  let audit = 0;
  for (let from = 0; from < auditEnd; from += AUDIT_PAGE) {
    const page = store.auditPage(sessionId, { from, limit: Math.min(AUDIT_PAGE, auditEnd - from) }).entries;
    for (const { seq: _seq, turnId, turn, agent, kind, at, stepId, detail } of page) {
      if (partial && (turnId === null || !kept.has(turnId))) continue;
      const entry = { seq: audit++, turnId, turn, agent, kind, at, stepId, detail };
      digest.audit(entry);
      yield { record: 'audit', ...entry };
    }
  }
  for (const exchange of exchanges) {
    digest.exchange(exchange);
    yield { record: 'exchange', ...exchange };
  }
  for (const note of notes) yield { record: 'note', ...note };
  // A fork's part of a session has no head of its own: the head names where the whole trail ends.
  const head = partial ? {} : { head: { scheme: source.scheme, seq: source.seq, records: digest.hex() } };
  yield { record: 'end', turns: turnIds.length, audit, exchanges: exchanges.length, notes: notes.length, ...head };
}

const OPEN = 0x7b;
const CLOSE = 0x7d;
const bytes = (text: string) => Buffer.from(text, 'utf8');
const PLANS = bytes(',"plans":');
const TRACE = bytes(',"trace":');
const WORLD = bytes(',"audit":[]},"world":');
const PROMPTS = bytes(',"promptsSent":');
const END = bytes('}');

/**
 * A turn record's line, from its parts' JSON bytes as stored (never turned into strings): the result object gets
 * its plans, trace and an empty audit.
 */
function turnLine(turn: TurnJson, branchId: string): Buffer {
  const { result, plans, trace, world } = turn.json;
  if (result.length < 3 || result[0] !== OPEN || result[result.length - 1] !== CLOSE)
    throw new AppError('INTEGRITY', `The stored result of turn ${turn.id} is not an object, so it was not exported.`);
  const head = JSON.stringify({
    record: 'turn',
    id: turn.id,
    branchId,
    parentTurnId: turn.parentTurnId,
    createdAt: turn.createdAt,
  });
  return Buffer.concat([
    bytes(`${head.slice(0, -1)},"result":`),
    result.subarray(0, -1),
    PLANS,
    plans,
    TRACE,
    trace,
    WORLD,
    world,
    PROMPTS,
    bytes(JSON.stringify(turn.promptsSent)),
    END,
  ]);
}

const NEWLINE = Buffer.from('\n');

/** Lines handed on in batches, each ended by a newline. */
function* batched(lines: Iterable<Buffer>): Generator<Buffer> {
  let batch: Buffer[] = [];
  let size = 0;
  for (const line of lines) {
    batch.push(line, NEWLINE);
    size += line.length + 1;
    if (size >= BATCH_BYTES) {
      yield Buffer.concat(batch, size);
      batch = [];
      size = 0;
    }
  }
  if (size) yield Buffer.concat(batch, size);
}

export interface WrittenBundle {
  title: string;
  /** Turns in the bundle, every branch's. */
  turns: number;
  sealed: boolean;
}

/**
 * Writes a session as a bundle into `sink` (and ends it): the clear header line, then the records as JSON Lines
 * through Brotli, sealed chunk by chunk when a passphrase is given. Records are made as the compressor asks for
 * them, so a long session is never one document in memory.
 */
export async function writeBundle(
  store: SessionStore,
  sessionId: string,
  sink: WritableStream,
  options: { passphrase?: string | undefined } = {},
): Promise<WrittenBundle> {
  let sealed: Awaited<ReturnType<typeof newSealedHeader>> | null;
  let title: string;
  try {
    ({ title } = store.session(sessionId));
    sealed = options.passphrase === undefined ? null : await newSealedHeader(options.passphrase);
  } catch (error) {
    sink.destroy();
    throw error;
  }
  const header: BundleHeader = sealed?.header ?? { format: BUNDLE_FORMAT, version: BUNDLE_VERSION, body: 'jsonl+br' };
  const headerLine = Buffer.from(`${JSON.stringify(header)}\n`);
  sink.write(headerLine);
  const compress = createBrotliCompress({ params: BROTLI });
  const counted = { turns: 0 };
  const body = Readable.from(batched(bundleLines(store, sessionId, counted)), { objectMode: false });
  if (sealed) await pipeline(body, compress, new ChunkSealer(sealed.key, sealed.header, headerLine), sink);
  else await pipeline(body, compress, sink);
  return { title, turns: counted.turns, sealed: sealed !== null };
}

/** A session as a bundle file's bytes, with the file name it is offered under. */
export async function exportBundle(
  store: SessionStore,
  sessionId: string,
  options: { passphrase?: string | undefined } = {},
): Promise<WrittenBundle & { fileName: string; bytes: Buffer }> {
  const chunks: Buffer[] = [];
  const collect = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const written = await writeBundle(store, sessionId, collect, options);
  return {
    ...written,
    fileName: bundleFileName(written.title, sessionId, written.sealed),
    bytes: Buffer.concat(chunks),
  };
}

/** A file name for a bundle: the title's letters and digits, then the id's first part. */
export function bundleFileName(title: string, sessionId: string, sealed: boolean): string {
  const stem =
    title
      .normalize('NFKD')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase()
      .slice(0, 60) || 'session';
  return `${stem}-${sessionId.slice(0, 8)}.${sealed ? 'sealed.' : ''}nwsession`;
}
