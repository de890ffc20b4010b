import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { newKey, rawMasterKey, type MasterKey } from '../../main/core/store/crypto';
import { openDatabase } from '../../main/core/store/open-database';
import { SessionStore } from '../../main/core/store/session-store';
import { modelCallsOf } from '../../shared/rules/cost';
import { exampleWorld } from '../support/engine';
import { appender, newSession, playTurns } from './played-turns';
import { summarize, type Figure } from './stats';

// Ours and raw alternate append by append (which goes first alternating too), each timed alone and summed per
// round: the machine's speed and its disk drift, and this way both sides meet the same moments.
const APPEND_ROUNDS = 15;
const APPENDS_PER_ROUND = 30;
const LONG_SESSION = 10_000;
const PAGE = 50;
const PAGE_SAMPLES = 15;
const USAGE_PAGE = 500;
const USAGE_SAMPLES = 3;

export async function run(): Promise<Figure[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'nw-bench-store-'));
  const master: MasterKey = rawMasterKey('keyfile', newKey());
  const world = await exampleWorld();
  const turns = await playTurns();
  try {
    // 1. A sealed, audited turn against a raw insert of the same bytes, both at synchronous=FULL in WAL.
    const store = SessionStore.open(path.join(dir, 'append.db'), master);
    const raw = openDatabase(path.join(dir, 'raw.db'));
    raw.exec('CREATE TABLE raw_turns (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)');
    const insert = raw.prepare('INSERT INTO raw_turns (payload) VALUES (?)');
    const append = appender(store, newSession(store, world), turns);
    let r = 0;
    // The raw insert serializes the same turn (result and world) and writes its bytes as one row.
    const rawAppend = () => {
      const turn = turns[r++ % turns.length]!;
      raw
        .transaction(() => insert.run(Buffer.from(JSON.stringify({ result: turn.result, world: turn.world }))))
        .immediate();
    };
    for (let i = 0; i < 20; i++) {
      append();
      rawAppend();
    }
    const ratios: number[] = [];
    const sealedMs: number[] = [];
    const rawMs: number[] = [];
    const timed = (write: () => void) => {
      const began = performance.now();
      write();
      return performance.now() - began;
    };
    for (let round = 0; round < APPEND_ROUNDS; round++) {
      let ours = 0;
      let theirs = 0;
      for (let i = 0; i < APPENDS_PER_ROUND; i++) {
        if (i % 2 === 0) {
          ours += timed(append);
          theirs += timed(rawAppend);
        } else {
          theirs += timed(rawAppend);
          ours += timed(append);
        }
      }
      ours /= APPENDS_PER_ROUND;
      theirs /= APPENDS_PER_ROUND;
      sealedMs.push(ours);
      rawMs.push(theirs);
      ratios.push(ours / theirs);
    }
    store.close();
    raw.close();

    // 2. The first page of a 10,000-turn session's timeline, on a freshly opened store.
    const longFile = path.join(dir, 'long.db');
    const long = SessionStore.open(longFile, master);
    const longId = newSession(long, world);
    long.db.pragma('synchronous = OFF');
    const appendLong = appender(long, longId, turns);
    for (let done = 0; done < LONG_SESSION; done += 500)
      long.transaction(() => Array.from({ length: Math.min(500, LONG_SESSION - done) }, appendLong));
    long.db.pragma('wal_checkpoint(TRUNCATE)');
    long.close();
    // What a turn takes on disk, everything of it sealed: the prompts as sent are most of a turn's text.
    const kbPerTurn = statSync(longFile).size / 1024 / LONG_SESSION;
    const firstPage: number[] = [];
    const lastPage: number[] = [];
    for (let i = 0; i < PAGE_SAMPLES; i++) {
      const began = performance.now();
      const reopened = SessionStore.open(longFile, master);
      const page = reopened.timeline(longId, { from: 0, limit: PAGE });
      firstPage.push(performance.now() - began);
      if (page.entries.length !== PAGE || page.total !== LONG_SESSION)
        throw new Error(`the long session's first page is wrong: ${page.entries.length} of ${page.total}`);
      const lastBegan = performance.now();
      reopened.timeline(longId, { from: LONG_SESSION - PAGE, limit: PAGE });
      lastPage.push(performance.now() - lastBegan);
      reopened.close();
    }

    // 3. The session's usage as the costs header reads it (`sessions.usage`, pages of 500 turns): each turn's kept
    // calls, against each turn's trace opened (how it was read before the calls were kept), a page each, in turns.
    const usageStore = SessionStore.open(longFile, master);
    const usagePage = (from: number, fromTraces: boolean) => {
      const began = performance.now();
      const ids = usageStore.timeline(longId, { from, limit: USAGE_PAGE }).entries.map((e) => e.id);
      if (fromTraces) ids.map((id) => modelCallsOf(usageStore.turn(longId, id, 'once').result.trace));
      else usageStore.turnCalls(longId, ids);
      return performance.now() - began;
    };
    const keptMs: number[] = [];
    const traceMs: number[] = [];
    const wholeMs: number[] = [];
    for (let i = 0; i < USAGE_SAMPLES; i++) {
      const from = (i * USAGE_PAGE) % LONG_SESSION;
      keptMs.push(usagePage(from, false));
      traceMs.push(usagePage(from, true));
      let whole = 0;
      for (let page = 0; page < LONG_SESSION; page += USAGE_PAGE) whole += usagePage(page, false);
      wholeMs.push(whole);
    }
    usageStore.close();

    return [
      summarize(
        'turn append, sealed + audited ÷ raw JSON insert of the same turn (FULL sync)',
        ratios,
        'ratio',
        '≤ 1.5',
      ),
      summarize('turn append, sealed + audited', sealedMs),
      summarize('turn append, raw JSON insert of the same turn', rawMs),
      summarize(
        `first timeline page (${PAGE}) of a ${LONG_SESSION.toLocaleString('en')}-turn session, store just opened`,
        firstPage,
        'ms',
        '≤ 50',
      ),
      summarize(`database size per turn, over a ${LONG_SESSION.toLocaleString('en')}-turn session`, [kbPerTurn], 'KB'),
      summarize(`last timeline page of a ${LONG_SESSION.toLocaleString('en')}-turn session`, lastPage),
      summarize(`usage of ${USAGE_PAGE} turns (a page of sessions.usage), from the calls kept`, keptMs),
      summarize(`usage of ${USAGE_PAGE} turns, from each turn's trace (as before)`, traceMs),
      summarize(
        `usage of ${USAGE_PAGE} turns: kept calls ÷ traces`,
        keptMs.map((ms, i) => ms / traceMs[i]!),
        'ratio',
      ),
      summarize(`usage of a whole ${LONG_SESSION.toLocaleString('en')}-turn session, from the calls kept`, wholeMs),
      // Export and import of a long session: tests/bench/bundle.bench.ts.
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
