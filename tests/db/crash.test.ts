import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { keyFileMasterKey } from '../../main/core/store/key-file';
import { SessionStore } from '../../main/core/store/session-store';
import { seededRandom } from '../../main/core/random';
import { HEIST_TRANSCRIPT } from '../support/engine';
import { CLI_LAUNCHER } from '../support/cli';
import { makeTempProject, type TempProject } from '../support/temp-project';

const KILLS = 20;
const TURNS = 150;
const SEED = Number(process.env.CRASH_SEED ?? 20261122);

let project: TempProject;
let dataDir: string;
let dbFile: string;
let script: string;

beforeAll(() => {
  project = makeTempProject();
  dataDir = path.join(project.dir, 'data');
  mkdirSync(dataDir);
  dbFile = path.join(project.dir, 'crash.db');
  script = path.join(project.dir, 'long-night.play.yaml');
  const turns = Array.from({ length: TURNS }, (_, i) => ({ input: HEIST_TRANSCRIPT[i % HEIST_TRANSCRIPT.length]! }));
  writeFileSync(
    script,
    stringify({ title: 'A very long night', world: 'examples/harbor-heist.world.yaml', seed: 5, turns }),
  );
});
afterAll(() => project.remove());

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  turnsPrinted: number;
}

/**
 * Runs `play` in its own process, as `npm run cli` does (the launcher runs the bundle in the same process, so SIGKILL
 * reaches the one writing).
 * With `killAfterTurns`, kills it at a random moment after it has printed that many more turns.
 */
function runPlay(args: string[], kill?: { afterTurns: number; delayMs: number }): Promise<Run> {
  const child = spawn(
    process.execPath,
    [CLI_LAUNCHER, 'play', script, '--db', dbFile, '--project', project.dir, ...args],
    {
      cwd: project.dir,
      env: { ...process.env, NARRATIVE_WORKBENCH_DATA: dataDir, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  let turnsPrinted = 0;
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith('── Turn ')) return;
    turnsPrinted++;
    if (kill && turnsPrinted === kill.afterTurns) setTimeout(() => child.kill('SIGKILL'), kill.delayMs);
  });
  return new Promise((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, stderr, turnsPrinted })),
  );
}

/** Everything the crash test asks of the database after a kill; returns the number of stored turns. */
function checkDatabase(): number {
  const store = SessionStore.open(dbFile, keyFileMasterKey(dataDir));
  try {
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const sessions = store.listSessions();
    if (!sessions.length) return 0;
    expect(sessions).toHaveLength(1);
    const sessionId = sessions[0]!.id;
    const ids = store.turnIds(sessionId);
    const count = (sql: string, turnId: string) => (store.db.prepare(sql).get(turnId) as { n: number }).n;
    for (const [index, turnId] of ids.entries()) {
      // Every committed turn is whole: plans, trace, world, prompts and audit all there.
      for (const column of ['plans_sealed', 'trace_sealed', 'world_sealed', 'prompts_sealed']) {
        expect(
          count(`SELECT COUNT(*) AS n FROM turns WHERE id = ? AND length(${column}) > 0`, turnId),
          `${column} of turn ${index + 1}`,
        ).toBe(1);
      }
      expect(
        count('SELECT COUNT(*) AS n FROM audit_entries WHERE turn_id = ?', turnId),
        `audit of turn ${index + 1}`,
      ).toBeGreaterThan(0);
      expect(
        count(
          'SELECT COUNT(*) AS n FROM audit_details d JOIN audit_entries e ON e.session_id = d.session_id AND e.details_seq = d.first_seq WHERE e.turn_id = ?',
          turnId,
        ),
        `audit details of turn ${index + 1}`,
      ).toBeGreaterThan(0);
    }
    expect(store.timeline(sessionId, { limit: 500 }).entries.map((e) => e.index)).toEqual(ids.map((_, i) => i));
    expect(
      (
        store.db
          .prepare('SELECT COUNT(*) AS n FROM audit_entries WHERE turn_id NOT IN (SELECT id FROM turns)')
          .get() as { n: number }
      ).n,
    ).toBe(0);
    expect(store.verifyAudit(sessionId)).toMatchObject({ ok: true });
    // Nothing half-read: the last turn opens whole.
    if (ids.length) expect(store.turn(sessionId, ids.at(-1)!).result.index).toBe(ids.length - 1);
    return ids.length;
  } finally {
    store.close();
  }
}

describe('crash safety', () => {
  it(
    `survives ${KILLS} SIGKILLs at random moments of a long run, and the run then finishes`,
    { timeout: 600_000 },
    async () => {
      const random = seededRandom(SEED, 0, 'crash-test');
      let stored = 0;
      let kills = 0;
      while (kills < KILLS) {
        const resume = stored > 0 ? ['--resume'] : [];
        const run = await runPlay(resume, { afterTurns: 1 + random.int(0, 2), delayMs: random.int(0, 12) });
        // A run either was killed or finished the script; anything else is a failure of its own.
        expect(run.signal === 'SIGKILL' || run.code === 0, `run ${kills + 1} failed on its own: ${run.stderr}`).toBe(
          true,
        );
        if (run.signal === 'SIGKILL') kills++;
        const now = checkDatabase();
        expect(now, `run ${kills} lost turns`).toBeGreaterThanOrEqual(stored);
        stored = now;
        expect(stored, 'the script ran out before the kills did; make it longer').toBeLessThan(TURNS);
      }
      const last = await runPlay(['--resume']);
      expect(last.code, last.stderr).toBe(0);
      expect(checkDatabase()).toBe(TURNS);
    },
  );
});
