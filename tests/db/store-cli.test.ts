import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleRecord } from '../../shared/schemas/bundle';
import { runCli } from '../support/cli';
import { bundleRecordsOf } from '../support/store';
import { makeTempProject, type TempProject } from '../support/temp-project';

let project: TempProject;
let env: NodeJS.ProcessEnv;
let db: string;

const cli = (...args: string[]) => runCli(args, { cwd: project.dir, env });

const json = <T>(text: string) => JSON.parse(text) as T;
type Summary = { id: string; title: string; turns: number; branches: number; forkedFrom: { sessionId: string } | null };

beforeAll(() => {
  project = makeTempProject();
  env = { ...process.env, NARRATIVE_WORKBENCH_DATA: path.join(project.dir, 'data') };
  db = path.join(project.dir, 'play.db');
});
afterAll(() => project.remove());

describe('the store from the command line', () => {
  let sessionId: string;

  it('play --db saves the session; it is there in a new process, its key file 0600 in the data folder', async () => {
    const played = await cli('play', 'examples/heist-night.play.yaml', '--db', db, '--project', project.dir);
    expect(played.code, played.stderr).toBe(0);
    expect(played.stdout).toMatch(/Saved as session [0-9a-f-]{36} in .*play\.db\./);
    const listed = json<{ sessions: Summary[] }>((await cli('sessions', 'list', '--db', db, '--json')).stdout);
    expect(listed.sessions).toMatchObject([{ title: 'Heist night', turns: 6, branches: 1 }]);
    sessionId = listed.sessions[0]!.id;
    expect(statSync(path.join(project.dir, 'data', 'master.key')).mode & 0o777).toBe(0o600);
    const shown = await cli('sessions', 'show', sessionId, '--db', db, '--from', '3', '--limit', '2');
    expect(shown.stdout).toContain('── Turn 3 · think');
    expect(shown.stdout).toContain('Turns 3–4 of 6.');
  });

  it('play --resume goes on where a session stopped, and says there is nothing left when it is done', async () => {
    const short = path.join(project.dir, 'examples', 'short.play.yaml');
    const full = readFileSync(path.join(project.dir, 'examples', 'heist-night.play.yaml'), 'utf8');
    // The same script cut after its third turn: the first run stops there.
    const turnsAt = full.indexOf('turns:');
    const items = full.slice(turnsAt).split(/\n(?= {2}- )/);
    writeFileSync(short, `${full.slice(0, turnsAt)}${items.slice(0, 4).join('\n')}\n`);
    const first = await cli('play', short, '--db', db, '--project', project.dir, '--json');
    expect(first.code, first.stderr).toBe(0);
    const firstReport = json<{ sessionId: string; turns: unknown[] }>(first.stdout);
    expect(firstReport.turns).toHaveLength(3);
    const resumed = await cli(
      'play',
      'examples/heist-night.play.yaml',
      '--db',
      db,
      '--project',
      project.dir,
      '--resume',
      firstReport.sessionId,
      '--json',
    );
    expect(resumed.code, resumed.stderr).toBe(0);
    const report = json<{
      sessionId: string;
      resumedAt: number;
      turns: { index: number; input: string }[];
      summary: { turnCounter: number };
    }>(resumed.stdout);
    expect(report).toMatchObject({ sessionId: firstReport.sessionId, resumedAt: 3 });
    expect(report.turns.map((t) => t.index)).toEqual([3, 4, 5]);
    // The same session played straight through ends the same.
    const straight = json<{ turns: { narrative: string }[] }>(
      (await cli('play', 'examples/heist-night.play.yaml', '--no-save', '--project', project.dir, '--json')).stdout,
    );
    expect(report.turns.map((t) => (t as unknown as { narrative: string }).narrative)).toEqual(
      straight.turns.slice(3).map((t) => t.narrative),
    );
    const again = await cli(
      'play',
      'examples/heist-night.play.yaml',
      '--db',
      db,
      '--project',
      project.dir,
      '--resume',
      firstReport.sessionId,
    );
    expect(again.stdout).toContain('0 turns (resumed after turn 6)');
  });

  it('forks, branches, exports and imports from the command line', async () => {
    const forked = await cli('sessions', 'fork', sessionId, '--turn', '2', '--db', db);
    expect(forked.stdout).toMatch(/Forked into session [0-9a-f-]{36}: "Heist night \(fork after turn 2\)", 2 turns\./);
    const branched = await cli('sessions', 'branch', sessionId, '--turn', '4', '--name', 'quiet way', '--db', db);
    expect(branched.stdout).toMatch(/\("quiet way"\) starts after turn 4\./);
    const out = path.join(project.dir, 'night.nwsession');
    const exported = await cli('sessions', 'export', sessionId, '--out', out, '--db', db);
    expect(exported.stdout).toContain('(6 turns)');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const other = path.join(project.dir, 'other.db');
    const imported = await cli('sessions', 'import', out, '--db', other);
    expect(imported.stdout).toContain(`Imported session ${sessionId}: "Heist night", 6 turns.`);
    const reexported = path.join(project.dir, 'again.nwsession');
    await cli('sessions', 'export', sessionId, '--out', reexported, '--db', other);
    const records = async (file: string) =>
      (await bundleRecordsOf(readFileSync(file))).map((r) => BundleRecord.parse(r));
    expect(await records(reexported)).toEqual(await records(out));
  });

  it('seals an export with a passphrase from the environment, never from the command line', async () => {
    env.BUNDLE_PASS = 'lanterns over the water';
    const out = path.join(project.dir, 'sealed.nwsession');
    expect(
      (await cli('sessions', 'export', sessionId, '--out', out, '--passphrase-env', 'BUNDLE_PASS', '--db', db)).stdout,
    ).toContain('sealed');
    expect(readFileSync(out).includes('Heist night')).toBe(false);
    const refused = await cli('sessions', 'import', out, '--db', path.join(project.dir, 'third.db'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('sealed with a passphrase');
    const opened = await cli(
      'sessions',
      'import',
      out,
      '--passphrase-env',
      'BUNDLE_PASS',
      '--db',
      path.join(project.dir, 'third.db'),
    );
    expect(opened.stdout).toContain('6 turns');
  });

  it('refuses a bundle too large to import in one line, before reading it', async () => {
    const huge = path.join(project.dir, 'huge.nwsession');
    writeFileSync(huge, '');
    truncateSync(huge, 912 * 1024 * 1024); // sparse: takes no room on the disk
    const refused = await cli('sessions', 'import', huge, '--db', path.join(project.dir, 'huge.db'));
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(
      'narrative-workbench: The bundle takes 912 MB; this workbench imports bundles of up to 500 MB. Nothing was imported.',
    );
    rmSync(huge);
  });

  it('audit verify passes on the session and fails, naming the entry, on a tampered copy', async () => {
    const ok = await cli('audit', 'verify', '--db', db, '--session', sessionId);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toContain('The audit trail verifies');
    const copy = path.join(project.dir, 'tampered.db');
    copyFileSync(db, copy);
    if (existsSync(`${db}-wal`)) copyFileSync(`${db}-wal`, `${copy}-wal`);
    const raw = new Database(copy);
    raw.exec('DROP TRIGGER audit_entries_no_update; DROP TRIGGER audit_entries_no_delete');
    raw.prepare("UPDATE audit_entries SET kind = 'plan_validated' WHERE session_id = ? AND seq = 5").run(sessionId);
    raw.prepare('DELETE FROM audit_entries WHERE session_id = ? AND seq = 9').run(sessionId);
    raw.close();
    const broken = await cli('audit', 'verify', '--db', copy, '--session', sessionId);
    expect(broken.code).toBe(3);
    expect(broken.stdout).toContain(`edited: session ${sessionId}: audit entry 5`);
    expect(broken.stdout).toContain(`missing: session ${sessionId}: audit entries 9`);
    expect(broken.stdout).toContain('The audit trail does NOT verify.');
  });

  it('audit head prints signed heads; audit verify --head checks a database against them and the signature', async () => {
    const keys = generateKeyPairSync('ed25519');
    const privatePem = path.join(project.dir, 'heads-key.pem');
    const publicPem = path.join(project.dir, 'heads-key.pub.pem');
    const otherPem = path.join(project.dir, 'other.pub.pem');
    writeFileSync(privatePem, keys.privateKey.export({ format: 'pem', type: 'pkcs8' }));
    writeFileSync(publicPem, keys.publicKey.export({ format: 'pem', type: 'spki' }));
    writeFileSync(otherPem, generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }));
    const headsFile = path.join(project.dir, 'heads.json');
    const printed = await cli('audit', 'head', '--db', db, '--session', sessionId, '--sign', privatePem);
    expect(printed.code, printed.stderr).toBe(0);
    writeFileSync(headsFile, printed.stdout);
    const heads = json<{ heads: { session: string; scheme: string; turns: number }[]; signature: string }>(
      printed.stdout,
    );
    expect(heads.heads).toMatchObject([{ session: sessionId, scheme: 'hmac-sha256', turns: 6 }]);
    expect(heads.signature).toBeTruthy();

    const ok = await cli('audit', 'verify', '--db', db, '--head', headsFile, '--public', publicPem);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`ok      session ${sessionId}: `);
    const otherKey = await cli('audit', 'verify', '--db', db, '--head', headsFile, '--public', otherPem);
    expect(otherKey.code).toBe(1);
    expect(otherKey.stderr).toContain('its signature does not match');

    // A copy whose last turn and its audit were cut, head and all, as an old backup put back would be.
    const copy = path.join(project.dir, 'behind.db');
    copyFileSync(db, copy);
    if (existsSync(`${db}-wal`)) copyFileSync(`${db}-wal`, `${copy}-wal`);
    const raw = new Database(copy);
    raw.exec('DROP TRIGGER audit_entries_no_delete; DROP TRIGGER audit_details_no_delete');
    raw.pragma('foreign_keys = OFF');
    const last = raw.prepare('SELECT MAX(seq) AS seq FROM audit_entries WHERE session_id = ?').get(sessionId) as {
      seq: number;
    };
    raw.prepare('DELETE FROM audit_entries WHERE session_id = ? AND seq = ?').run(sessionId, last.seq);
    raw.close();
    const behind = await cli('audit', 'verify', '--db', copy, '--head', headsFile, '--public', publicPem);
    expect(behind.code).toBe(3);
    expect(behind.stdout).toContain('its audit trail is behind the head recorded earlier');
  });

  it('deletes only with --yes', async () => {
    const forks = json<{ sessions: Summary[] }>(
      (await cli('sessions', 'list', '--db', db, '--json')).stdout,
    ).sessions.filter((s) => s.forkedFrom);
    const asked = await cli('sessions', 'delete', forks[0]!.id, '--db', db);
    expect(asked.code).toBe(1);
    expect(asked.stderr).toContain('Run again with --yes');
    expect((await cli('sessions', 'delete', forks[0]!.id, '--yes', '--db', db)).stdout).toContain('Deleted session');
    const shown = await cli('sessions', 'show', forks[0]!.id, '--db', db);
    expect(shown.code).toBe(1);
    expect(shown.stderr).toContain(`No session ${forks[0]!.id} in this database.`);
  });
});
