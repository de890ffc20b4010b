import { copyFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forkSession } from '../../main/core/store/bundles/session-fork';
import { newKey, rawMasterKey } from '../../main/core/store/crypto';
import { SessionStore } from '../../main/core/store/session-store';
import { AppError } from '../../shared/ipc/result';
import type { AuditReport } from '../../shared/schemas/session';
import { HEIST_TRANSCRIPT } from '../support/engine';
import { playerOver, playNewSession, tempDb } from '../support/store';
import { TAMPERS, type Played, type Tamper } from './audit-tampers';

/**
 * The tampers of issue 20, each applied to a copy of a real played session's database by someone holding the
 * file but not its keys: the append-only triggers dropped first, foreign keys off, then plain SQL. Each must be
 * caught by `audit verify` (the report names it) or by opening the session (reading it fails with a message).
 */

const KEY = newKey();
const master = () => rawMasterKey('keyfile', KEY);
const place = tempDb();
const copies: ReturnType<typeof tempDb>[] = [];

let played: Played;

beforeAll(async () => {
  const store = SessionStore.open(place.file, master());
  const { sessionId, player, turns } = await playNewSession(store, HEIST_TRANSCRIPT.slice(0, 4));
  const branch = store.branchFrom(sessionId, turns[1]!.turnId, 'other way');
  await player.play(sessionId, { input: 'I go down Rope Alley instead.', branchId: branch.id });
  // Turns taken back (taken-back.ts): the last played again and its first answer chosen back, a turn deleted.
  const again = await player.playAgain(sessionId, { input: 'I slip into Rope Alley alone.' });
  store.chooseAlternative(sessionId, turns[3]!.turnId);
  player.forget(sessionId);
  const extra = await player.play(sessionId, { input: 'I wait for the watch to pass.' });
  store.deleteTurns(sessionId, undefined, extra.result.index);
  const note = store.addNote(sessionId, turns[0]!.turnId, { text: 'Reads well', tags: ['keep'] });
  store.editNote(sessionId, note.id, { text: 'Reads well enough', tags: ['keep'] });
  const other = forkSession(store, sessionId, turns[1]!.turnId);
  played = {
    sessionId,
    otherId: other.id,
    turnIds: store.turnIds(sessionId),
    alternativeId: again.turnId,
    deletedId: extra.turnId,
  };
  expect(store.verifyAudit().ok).toBe(true);
  store.close();
}, 120_000);

afterAll(() => {
  for (const copy of copies) copy.remove();
  place.remove();
});

/** Applies a tamper to a fresh copy of the played file, as its holder would, and opens it again. */
function tampered(tamper: Tamper): SessionStore {
  const copy = tempDb();
  copies.push(copy);
  copyFileSync(place.file, copy.file);
  const raw = new Database(copy.file);
  raw.pragma('foreign_keys = OFF');
  for (const trigger of [
    'audit_entries_no_update',
    'audit_entries_no_delete',
    'audit_details_no_update',
    'audit_details_no_delete',
  ])
    raw.exec(`DROP TRIGGER IF EXISTS ${trigger}`);
  raw.transaction(() => tamper.apply(raw, played))();
  raw.close();
  return SessionStore.open(copy.file, master());
}

/** Reads the whole session, as opening it and stepping through every turn does. */
function readAll(store: SessionStore, sessionId: string): void {
  store.load(sessionId);
  for (const branch of store.branches(sessionId))
    for (const turnId of store.turnIds(sessionId, branch.id)) store.turn(sessionId, turnId);
  store.auditEntries(sessionId);
  store.modelExchanges(sessionId);
}

const messages = (report: AuditReport, sessionId: string) =>
  report.sessions.find((r) => r.session === sessionId)?.problems.map((p) => p.message) ?? [];

describe('the audit as turns are taken back', () => {
  it('verifies clean after a turn is played again, an alternative chosen and turns deleted, keyed', async () => {
    const place = tempDb();
    const store = SessionStore.open(place.file, master());
    try {
      const { sessionId, player, turns } = await playNewSession(store, HEIST_TRANSCRIPT.slice(0, 3));
      const ok = () => {
        const report = store.verifyAudit(sessionId);
        expect(report.sessions[0]!.problems.map((p) => p.message)).toEqual([]);
        expect(report.sessions[0]!.scheme).toBe('hmac-sha256');
        expect(report.ok).toBe(true);
      };
      const again = await player.playAgain(sessionId, { input: 'I slip into Rope Alley alone.' });
      ok();
      store.chooseAlternative(sessionId, turns[2]!.turnId);
      ok();
      store.chooseAlternative(sessionId, again.turnId);
      ok();
      player.forget(sessionId);
      store.deleteTurns(sessionId, undefined, 1);
      ok();
      const next = await player.play(sessionId, { input: 'I look around.' });
      ok();
      // The head moved with each: its turn count is every turn kept, on whichever branch.
      const head = store.auditHeads(sessionId).heads[0]!;
      expect(head.turns).toBe(5);
      expect(store.turnIds(sessionId)).toEqual([turns[0]!.turnId, next.turnId]);
    } finally {
      store.close();
      place.remove();
    }
  });
});

describe('the audit against someone holding the file', () => {
  it('holds 35 tampers or more', () => {
    expect(TAMPERS.length).toBeGreaterThanOrEqual(35);
  });

  it('verifies the untouched copy, keyed, and reads it whole', () => {
    const store = tampered({ name: 'none', apply: () => {}, verify: /^$/ });
    try {
      const report = store.verifyAudit();
      expect(report.ok).toBe(true);
      expect(report.sessions.map((r) => r.scheme)).toEqual(['hmac-sha256', 'hmac-sha256']);
      readAll(store, played.sessionId);
    } finally {
      store.close();
    }
  });

  it.each(TAMPERS.map((t) => [t.name, t] as const))('catches %s', (_name, tamper) => {
    const store = tampered(tamper);
    try {
      const report = store.verifyAudit(played.sessionId);
      expect(report.ok).toBe(false);
      expect(
        messages(report, played.sessionId).some((m) => tamper.verify.test(m)),
        messages(report, played.sessionId).join('\n'),
      ).toBe(true);
      if (tamper.open) {
        let error: unknown;
        try {
          readAll(store, played.sessionId);
        } catch (thrown) {
          error = thrown;
        }
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).message).toMatch(tamper.open);
      }
    } finally {
      store.close();
    }
  });

  it('refuses to append to a session whose trail was cut, rather than move its head past the cut', () => {
    const store = tampered(TAMPERS.find((t) => t.name === 'the tail entry deleted')!);
    try {
      expect(() =>
        store.appendAudit(played.sessionId, [
          {
            turnId: null,
            turn: null,
            agent: 'engine',
            kind: 'answer_edited',
            at: new Date().toISOString(),
            stepId: null,
            detail: {},
          },
        ]),
      ).toThrow(/its audit trail ends at entry \d+, not where its sealed head says/);
    } finally {
      store.close();
    }
  });

  it('catches a whole file rolled back to an earlier copy, against heads recorded since', async () => {
    const earlier = tempDb();
    copies.push(earlier);
    copyFileSync(place.file, earlier.file);
    const store = SessionStore.open(place.file, master());
    await playerOver(store).play(played.sessionId, { input: 'I wait by the door.' });
    const recorded = store.auditHeads().heads;
    expect(store.verifyAudit(undefined, recorded).ok).toBe(true);
    store.close();
    const rolledBack = SessionStore.open(earlier.file, master());
    try {
      const report = rolledBack.verifyAudit(undefined, recorded);
      expect(report.ok).toBe(false);
      expect(messages(report, played.sessionId).join('\n')).toMatch(
        /its audit trail is behind the head recorded earlier: it ends at entry \d+, the recorded head at entry \d+/,
      );
    } finally {
      rolledBack.close();
    }
  });
});
