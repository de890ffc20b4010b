import { AppError } from '../../../shared/ipc/result';
import type { AuditHead, AuditScheme, PrintedHead } from '../../../shared/schemas/audit-head';
import type { AuditReport } from '../../../shared/schemas/session';
import { GENESIS_HASH, keyedHasher, PLAIN_HASHER, verifyChain, type ChainReport } from './audit-chain';
import type { AuditHeads } from './audit-head';
import { addToSet, EMPTY_SET, exchangeMac, turnMac, type ExchangeColumns, type TurnColumns } from './audit-keyed';
import type { SessionCipher } from './sealed-values';
import type { StoreRoom } from './store-room';

type SessionReport = AuditReport['sessions'][number];
type Problem = SessionReport['problems'][number];

const SCHEME_NOTES: Record<AuditScheme, string> = {
  'hmac-sha256':
    "keyed: every hash is an HMAC-SHA-256 under the session's own key, and its head (last entry, turns, recorded answers) is sealed in the session",
  sha256:
    'under the old, weaker scheme: a plain SHA-256 chain with no key and no sealed head, so anyone holding the file can change it and rehash it unseen, or cut its end; export and import the session (or fork it) to move it to the keyed scheme',
};

/** One session's audit as verified: the report, its head as now stored, and every entry's hash by seq. */
export interface SessionAudit {
  report: SessionReport;
  head: PrintedHead;
  /** The session as stored now, whatever its head says: its trail's last entry, its turns and answers. */
  stored: { seq: number; turns: number; exchanges: number };
  hashes: Map<number, string>;
}

/**
 * Verifies a session's audit: the chain as its scheme writes it, and for a keyed session its sealed head against
 * the chain's end, its turns and its recorded answers, so a cut tail, a deleted trail, a forged entry, a deleted or
 * changed turn and a deleted answer are each named. A session marked as under the old scheme whose key says
 * otherwise is named too: that mark is how a rehashed trail would pass.
 */
export function verifySession(room: StoreRoom, heads: AuditHeads, sessionId: string): SessionAudit {
  const { audit_scheme: marked } = room.sql('SELECT audit_scheme FROM sessions WHERE id = ?').get(sessionId) as {
    audit_scheme: string;
  };
  const problems: Problem[] = [];
  let cipher: SessionCipher | null = null;
  try {
    cipher = room.keys.cipher(sessionId);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (marked !== 'sha256')
      problems.push({
        kind: 'locked',
        seq: null,
        message: `session ${sessionId}: its audit is keyed and cannot be verified without its key: ${error.message}`,
      });
  }
  const scheme: AuditScheme = cipher
    ? cipher.keyedAudit
      ? 'hmac-sha256'
      : 'sha256'
    : marked === 'sha256'
      ? 'sha256'
      : 'hmac-sha256';
  if (cipher && scheme !== marked)
    problems.push({
      kind: 'scheme',
      seq: null,
      message:
        scheme === 'hmac-sha256'
          ? `session ${sessionId} is marked as under the old plain SHA-256 audit scheme, but its key says its audit is keyed: the mark was changed, as it would be to pass off a rehashed trail`
          : `session ${sessionId} is marked as under the keyed audit scheme, but its key is from before that scheme: the mark was changed`,
    });
  const keyed = scheme === 'hmac-sha256' && cipher !== null;
  const chain = verifyChain(room.db, sessionId, keyed ? keyedHasher(cipher!.auditKey()) : PLAIN_HASHER);
  problems.unshift(...chain.problems);
  const turns = room.sql('SELECT * FROM turns WHERE session_id = ? ORDER BY rowid').all(sessionId) as TurnColumns[];
  const exchanges = room
    .sql('SELECT * FROM model_exchanges WHERE session_id = ? ORDER BY rowid')
    .all(sessionId) as ExchangeColumns[];
  const turnIds = new Set(turns.map((t) => t.id));
  for (const id of chain.turnIds)
    if (!turnIds.has(id))
      problems.push({
        kind: 'turns',
        seq: null,
        message: `session ${sessionId}: its audit names turn ${id}, which is gone: the turn was deleted`,
      });
  let head: PrintedHead = {
    session: sessionId,
    scheme,
    seq: chain.end?.seq ?? -1,
    hash: chain.end?.hash ?? GENESIS_HASH,
    turns: turns.length,
    exchanges: exchanges.length,
  };
  if (keyed) {
    const sealed = readHead(heads, cipher!, problems);
    if (sealed) {
      problems.push(...headProblems(sessionId, sealed, chain, cipher!, turns, exchanges));
      head = { session: sessionId, scheme, ...sealed };
    }
  }
  return {
    report: {
      session: sessionId,
      entries: chain.entries,
      ok: problems.length === 0,
      scheme,
      schemeNote: SCHEME_NOTES[scheme],
      problems,
    },
    head,
    stored: { seq: chain.end?.seq ?? -1, turns: turns.length, exchanges: exchanges.length },
    hashes: chain.hashes,
  };
}

function readHead(heads: AuditHeads, cipher: SessionCipher, problems: Problem[]): AuditHead | null {
  try {
    const head = heads.read(cipher);
    if (!head)
      problems.push({
        kind: 'head',
        seq: null,
        message: `session ${cipher.session}: its sealed audit head is gone, so where its trail ends cannot be checked: it was deleted`,
      });
    return head;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    problems.push({ kind: 'head', seq: null, message: `session ${cipher.session}: ${error.message}` });
    return null;
  }
}

/** Where the sealed head and the session as stored part. */
function headProblems(
  sessionId: string,
  head: AuditHead,
  chain: ChainReport,
  cipher: SessionCipher,
  turns: readonly TurnColumns[],
  exchanges: readonly ExchangeColumns[],
): Problem[] {
  const problems: Problem[] = [];
  const s = `session ${sessionId}`;
  const endSeq = chain.end?.seq ?? -1;
  if (endSeq < head.seq) {
    problems.push({
      kind: 'missing',
      seq: endSeq + 1,
      message:
        chain.entries === 0
          ? `${s}: its whole audit trail was deleted (its sealed head says it ends at entry ${head.seq})`
          : `${s}: ${endSeq + 1 === head.seq ? `audit entry ${head.seq} is` : `audit entries ${endSeq + 1}–${head.seq} are`} missing: the trail was cut after entry ${endSeq} (its sealed head says it ends at entry ${head.seq})`,
    });
  } else if (endSeq > head.seq) {
    problems.push({
      kind: 'inserted',
      seq: head.seq + 1,
      message: `${s}: audit entries from ${head.seq + 1} on were appended outside the workbench (its sealed head says the trail ends at entry ${head.seq})`,
    });
  } else if (chain.end && chain.end.hash !== head.hash) {
    problems.push({
      kind: 'edited',
      seq: endSeq,
      message: `${s}: audit entry ${endSeq} is not the one its sealed head records: the trail was rewritten`,
    });
  }
  for (const seq of chain.orphanBatches)
    problems.push({
      kind: 'inserted',
      seq,
      message: `${s}: the sealed details at entry ${seq} belong to no entry: they were added, or their entries deleted`,
    });
  const key = cipher.auditKey();
  const turnSet = turns.reduce((set, t) => addToSet(set, turnMac(key, t)), EMPTY_SET);
  if (turns.length !== head.turns)
    problems.push({
      kind: 'turns',
      seq: null,
      message: `${s} holds ${turns.length} turns, but its sealed audit head records ${head.turns}: ${turns.length < head.turns ? 'a turn was deleted' : 'a turn was added outside the workbench'}`,
    });
  else if (turnSet !== head.turnSet)
    problems.push({
      kind: 'turns',
      seq: null,
      message: `${s}: its turns are not the ones its sealed audit head records: a turn's columns were changed (cleared, edited, or moved to another index or branch)`,
    });
  const exchangeSet = exchanges.reduce((set, e) => addToSet(set, exchangeMac(key, e)), EMPTY_SET);
  if (exchanges.length !== head.exchanges)
    problems.push({
      kind: 'answers',
      seq: null,
      message: `${s} holds ${exchanges.length} recorded model answers, but its sealed audit head records ${head.exchanges}: ${exchanges.length < head.exchanges ? 'recorded answers were deleted' : 'answers were added outside the workbench'}`,
    });
  else if (exchangeSet !== head.exchangeSet)
    problems.push({
      kind: 'answers',
      seq: null,
      message: `${s}: its recorded model answers are not the ones its sealed audit head records: an answer was changed`,
    });
  return problems;
}

/**
 * Where a session as it is now parts from a head recorded earlier (`audit head`): gone, behind it (its trail or
 * its turns shorter), or diverging from it (the entry the recorded head ends at has another hash now, or at the
 * same end the turns or answers differ).
 */
export function againstRecorded(recorded: PrintedHead, now: SessionAudit | null): Problem[] {
  const s = `session ${recorded.session}`;
  if (!now) return [{ kind: 'head', seq: null, message: `${s} has a recorded head but is gone from the database` }];
  // What is stored now, not what its sealed head says: a file rolled back holds an older head that agrees with it.
  const current = { ...now.head, ...now.stored };
  const problem = (message: string): Problem[] => [{ kind: 'head', seq: null, message: `${s}: ${message}` }];
  if (current.seq < recorded.seq)
    return problem(
      `its audit trail is behind the head recorded earlier: it ends at entry ${current.seq}, the recorded head at entry ${recorded.seq}`,
    );
  const hashThen = recorded.seq < 0 ? GENESIS_HASH : now.hashes.get(recorded.seq);
  if (recorded.seq >= 0 && hashThen !== recorded.hash)
    return problem(
      `its audit trail diverges from the head recorded earlier: entry ${recorded.seq} is not the one recorded (it was rewritten)`,
    );
  if (current.turns < recorded.turns || current.exchanges < recorded.exchanges)
    return problem(
      `it is behind the head recorded earlier: ${current.turns} turns and ${current.exchanges} recorded answers now, ${recorded.turns} and ${recorded.exchanges} then`,
    );
  if (
    current.seq === recorded.seq &&
    (current.turns !== recorded.turns ||
      current.turnSet !== recorded.turnSet ||
      current.exchanges !== recorded.exchanges ||
      current.exchangeSet !== recorded.exchangeSet)
  )
    return problem(
      'its turns or recorded answers diverge from the head recorded earlier, at the same end of its trail',
    );
  return [];
}
