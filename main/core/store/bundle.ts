import { createCipheriv, createDecipheriv, randomBytes, randomUUID, scryptSync } from 'node:crypto';
import { describeIssues } from '../../../shared/schemas/zod-issues';
import { AppError } from '../../../shared/ipc/result';
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  SealedBundle,
  SessionBundle,
  type SessionSummary,
} from '../../../shared/schemas/session';
import type { SessionStore } from './session-store';

/**
 * A session as one JSON document: its turns with plans, traces and worlds, the prompts it was played with, its
 * audit in chain order, its recorded model answers and its notes. Keys (the session's, the master key, any
 * provider's) are never part of it.
 */
export function exportSession(
  store: SessionStore,
  sessionId: string,
  options: { branchId?: string; uptoTurnId?: string } = {},
): SessionBundle {
  const summary = store.session(sessionId);
  if (summary.locked)
    throw new AppError(
      'INTEGRITY',
      `Session ${sessionId} cannot be read with the key in use, so it cannot be exported.`,
    );
  const partial = options.uptoTurnId !== undefined;
  let branches = store.branches(sessionId).map(({ turns: _turns, ...branch }) => branch);
  let turnIds: string[];
  if (partial) {
    const onTimeline = store.turnIds(sessionId, options.branchId);
    const upto = onTimeline.indexOf(options.uptoTurnId!);
    if (upto < 0)
      throw new AppError('NOT_FOUND', `Turn ${options.uptoTurnId} is not on that timeline of session ${sessionId}.`);
    turnIds = onTimeline.slice(0, upto + 1);
    branches = branches.filter((b) => b.parentBranchId === null);
  } else {
    turnIds = branches.flatMap((branch) => {
      const ids = store.turnIds(sessionId, branch.id);
      // A branch's own turns are those after its fork; the ones before belong to its parent.
      return branch.forkTurnIndex === null ? ids : ids.slice(branch.forkTurnIndex + 1);
    });
  }
  const kept = new Set(turnIds);
  const turns = turnIds.map((id) => {
    const { sessionId: _s, notes: _n, result, ...turn } = store.turn(sessionId, id);
    return { ...turn, branchId: partial ? summary.mainBranchId : turn.branchId, result: { ...result, audit: [] } };
  });
  const audit = store
    .auditEntries(sessionId)
    .filter((entry) => !partial || (entry.turnId !== null && kept.has(entry.turnId)))
    .map(({ seq, turnId, turn, agent, kind, at, stepId, detail }) => ({
      seq,
      turnId,
      turn,
      agent,
      kind,
      at,
      stepId,
      detail,
    }));
  const promptSets = store.promptSets(sessionId);
  const usedSets = new Set(turns.map((t) => t.result.promptSetHash));
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
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
    turns,
    promptSets: Object.fromEntries(Object.entries(promptSets).filter(([hash]) => usedSets.has(hash))),
    audit: audit.map((entry, seq) => ({ ...entry, seq })),
    modelExchanges: store.modelExchanges(sessionId),
    notes: store.notes(sessionId).filter((note) => kept.has(note.turnId)),
  };
}

/** Checks what zod cannot: that the bundle's parts point at each other. */
function checkReferences(bundle: SessionBundle): void {
  const branches = new Set(bundle.branches.map((b) => b.id));
  const turns = new Set(bundle.turns.map((t) => t.id));
  const problems: string[] = [];
  if (bundle.branches.filter((b) => b.parentBranchId === null).length !== 1)
    problems.push('branches: exactly one main branch is needed');
  for (const b of bundle.branches)
    if (b.parentBranchId && !branches.has(b.parentBranchId))
      problems.push(`branches: ${b.id} names a missing parent ${b.parentBranchId}`);
  const seen = new Set<string>();
  for (const [i, t] of bundle.turns.entries()) {
    if (!branches.has(t.branchId)) problems.push(`turns.${i}: unknown branch ${t.branchId}`);
    if (t.parentTurnId && !turns.has(t.parentTurnId))
      problems.push(`turns.${i}: unknown parent turn ${t.parentTurnId}`);
    const key = `${t.branchId}/${t.result.index}`;
    if (seen.has(key)) problems.push(`turns.${i}: a second turn ${t.result.index + 1} on branch ${t.branchId}`);
    seen.add(key);
    if (!bundle.promptSets[t.result.promptSetHash])
      problems.push(`turns.${i}: its prompt set ${t.result.promptSetHash.slice(0, 12)} is missing`);
  }
  for (const [i, a] of bundle.audit.entries()) {
    if (a.seq !== i) problems.push(`audit.${i}: seq ${a.seq} out of order`);
    if (a.turnId && !turns.has(a.turnId)) problems.push(`audit.${i}: unknown turn ${a.turnId}`);
  }
  for (const [i, n] of bundle.notes.entries())
    if (!turns.has(n.turnId)) problems.push(`notes.${i}: unknown turn ${n.turnId}`);
  if (problems.length)
    throw new AppError('BAD_INPUT', `The bundle does not hold together: ${problems.slice(0, 5).join('; ')}`);
}

/**
 * Imports a bundle as it was: same ids, same turns, plans, traces, worlds and notes, the audit re-chained in
 * the same order under a fresh key. All or nothing.
 */
export function importSession(store: SessionStore, input: unknown): SessionSummary {
  const parsed = SessionBundle.safeParse(input);
  if (!parsed.success)
    throw new AppError('BAD_INPUT', `Not a session bundle of this workbench: ${describeIssues(parsed.error)}`);
  const bundle = parsed.data;
  checkReferences(bundle);
  const main = bundle.branches.find((b) => b.parentBranchId === null)!;
  // Parents before children, so each branch row can name its parent.
  const ordered = [main];
  while (ordered.length < bundle.branches.length) {
    const next = bundle.branches.find((b) => !ordered.includes(b) && ordered.some((o) => o.id === b.parentBranchId));
    if (!next) throw new AppError('BAD_INPUT', 'The bundle does not hold together: its branches form a cycle');
    ordered.push(next);
  }
  const { session } = bundle;
  return store.transaction(() => {
    store.createSession({
      id: session.id,
      title: session.title,
      project: session.project,
      world: session.world,
      architecture: session.architecture,
      seed: session.seed,
      model: session.model,
      createdAt: session.createdAt,
      forkedFrom: session.forkedFrom,
      mainBranchId: main.id,
    });
    for (const branch of ordered.slice(1)) store.insertBranch(session.id, branch);
    for (const turn of bundle.turns) {
      const files = new Map(Object.entries(bundle.promptSets[turn.result.promptSetHash]!));
      store.appendTurn({
        sessionId: session.id,
        branchId: turn.branchId,
        parentTurnId: turn.parentTurnId,
        id: turn.id,
        createdAt: turn.createdAt,
        result: { ...turn.result, audit: [] },
        world: turn.world,
        prompts: files,
      });
    }
    store.appendAudit(
      session.id,
      bundle.audit.map(({ seq: _seq, ...entry }) => entry),
    );
    for (const exchange of bundle.modelExchanges) store.recordExchange(session.id, exchange);
    for (const note of bundle.notes) store.addNote(session.id, note.turnId, note);
    return store.session(session.id);
  });
}

/**
 * Forks a session after one of its turns: a new session with its own key and ids, holding the timeline up to
 * that turn (the branch's ancestors included) and nothing after; the parent is left as it was.
 */
export function forkSession(
  store: SessionStore,
  sessionId: string,
  turnId: string,
  options: { branchId?: string; title?: string } = {},
): SessionSummary {
  const bundle = exportSession(store, sessionId, {
    uptoTurnId: turnId,
    ...(options.branchId ? { branchId: options.branchId } : {}),
  });
  const ids = new Map<string, string>();
  const remap = (id: string) => ids.get(id) ?? (ids.set(id, randomUUID()), ids.get(id)!);
  const fork: SessionBundle = {
    ...bundle,
    session: {
      ...bundle.session,
      id: randomUUID(),
      title: options.title?.trim() || `${bundle.session.title} (fork after turn ${bundle.turns.length})`,
      createdAt: new Date().toISOString(),
      forkedFrom: { sessionId, turnId },
    },
    branches: bundle.branches.map((b) => ({ ...b, id: remap(b.id) })),
    turns: bundle.turns.map((t) => ({
      ...t,
      id: remap(t.id),
      branchId: remap(t.branchId),
      parentTurnId: t.parentTurnId ? remap(t.parentTurnId) : null,
    })),
    audit: bundle.audit.map((a) => ({ ...a, turnId: a.turnId ? remap(a.turnId) : null })),
    notes: bundle.notes.map((n) => ({ ...n, id: randomUUID(), turnId: remap(n.turnId) })),
  };
  return importSession(store, fork);
}

const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const BUNDLE_AAD = Buffer.from(`${BUNDLE_FORMAT}+sealed/v${BUNDLE_VERSION}`);

/** Seals a bundle with a passphrase: scrypt derives the key, AES-256-GCM seals the JSON. */
export function sealBundle(bundle: SessionBundle, passphrase: string): SealedBundle {
  if (passphrase.length < 8) throw new AppError('BAD_INPUT', 'A passphrase needs at least 8 characters.');
  const salt = randomBytes(16);
  const key = scryptSync(passphrase.normalize('NFC'), salt, 32, { ...SCRYPT, maxmem: 64 * 1024 * 1024 });
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(BUNDLE_AAD);
  const body = Buffer.concat([cipher.update(JSON.stringify(bundle), 'utf8'), cipher.final()]);
  return {
    format: `${BUNDLE_FORMAT}+sealed`,
    version: BUNDLE_VERSION,
    kdf: { name: 'scrypt', ...SCRYPT, salt: salt.toString('base64') },
    cipher: 'aes-256-gcm',
    sealed: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64'),
  };
}

/** A bundle file's text as a bundle to import: JSON, opened with its passphrase when it is sealed. */
export function readBundle(text: string, passphrase?: string): unknown {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError('BAD_INPUT', `The bundle is not JSON: ${(error as Error).message}`);
  }
  return openBundle(json, passphrase);
}

/** Reads a bundle file's JSON: a plain bundle as it is, a sealed one with its passphrase. */
export function openBundle(input: unknown, passphrase?: string): unknown {
  const sealed = SealedBundle.safeParse(input);
  if (!sealed.success) return input;
  if (!passphrase)
    throw new AppError('BAD_INPUT', 'This bundle is sealed with a passphrase; give the passphrase to import it.');
  const { kdf } = sealed.data;
  if (kdf.N > 2 ** 20 || kdf.r > 32 || kdf.p > 16)
    throw new AppError('BAD_INPUT', 'The bundle asks for scrypt parameters this workbench does not use.');
  const key = scryptSync(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), 32, {
    N: kdf.N,
    r: kdf.r,
    p: kdf.p,
    maxmem: 256 * 1024 * 1024,
  });
  const bytes = Buffer.from(sealed.data.sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12)).setAAD(BUNDLE_AAD);
  decipher.setAuthTag(bytes.subarray(12, 28));
  let text: string;
  try {
    text = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new AppError(
      'INTEGRITY',
      'The bundle cannot be opened: the passphrase is wrong, or the file was changed. Nothing was imported.',
    );
  }
  return JSON.parse(text) as unknown;
}
