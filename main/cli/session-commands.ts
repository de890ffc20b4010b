import { createWriteStream } from 'node:fs';
import { readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../shared/ipc/result';
import type { SessionSummary } from '../../shared/schemas/session';
import { bundleFileName, writeBundle } from '../core/store/bundles/bundle-export';
import { checkBundleSize, importBundle } from '../core/store/bundles/bundle-read';
import { forkSession } from '../core/store/bundles/session-fork';
import { openHostStore } from '../core/data-dir';
import type { SessionStore } from '../core/store/session-store';

export const DB_HELP = "session database (default: sessions.db in the user's data folder)";

export async function withStore<T>(db: string | undefined, work: (store: SessionStore) => T | Promise<T>): Promise<T> {
  const store = await openHostStore(db);
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

/** A turn named by its number on the timeline (1 is the first) or by its id. */
function turnIdOf(store: SessionStore, sessionId: string, turn: string, branchId?: string): string {
  const ids = store.turnIds(sessionId, branchId);
  if (/^\d+$/.test(turn)) {
    const id = ids[Number(turn) - 1];
    if (!id)
      throw new AppError(
        'NOT_FOUND',
        `Session ${sessionId} has no turn ${turn} on that branch (it has ${ids.length}).`,
      );
    return id;
  }
  if (!ids.includes(turn)) throw new AppError('NOT_FOUND', `Session ${sessionId} has no turn ${turn} on that branch.`);
  return turn;
}

function passphraseFrom(variable: string | undefined): string | undefined {
  if (!variable) return undefined;
  const value = process.env[variable];
  if (!value) throw new AppError('BAD_INPUT', `--passphrase-env ${variable}: that environment variable is not set`);
  return value;
}

const line = (s: SessionSummary) =>
  `${s.id}  ${String(s.turns).padStart(5)} turns  ${String(s.branches).padStart(2)} br  ${s.architecture.padEnd(11)}  ${s.createdAt.slice(0, 16).replace('T', ' ')}  ${s.locked ? '(locked: sealed with another key)' : s.title}${s.forkedFrom ? `  (fork of ${s.forkedFrom.sessionId.slice(0, 8)})` : ''}`;

export function registerSessionCommands(program: Command): void {
  const sessions = program
    .command('sessions')
    .description('Stored sessions: list, show, fork, branch, delete, export, import');

  sessions
    .command('list')
    .description('List the stored sessions, newest first')
    .option('--db <file>', DB_HELP)
    .option('--json', 'print JSON')
    .action((options: { db?: string; json?: boolean }) =>
      withStore(options.db, (store) => {
        const list = store.listSessions();
        if (options.json) console.log(JSON.stringify({ sessions: list }, null, 2));
        else if (!list.length) console.log('No stored sessions yet: play one with `npm run cli -- play SCRIPT`.');
        else for (const s of list) console.log(line(s));
      }),
    );

  sessions
    .command('show')
    .description("Show a session's timeline, a page at a time")
    .argument('<session>', 'session id')
    .option('--db <file>', DB_HELP)
    .option('--branch <id>', 'branch (default: main)')
    .option('--from <n>', 'first turn to show, 1 is the first', '1')
    .option('--limit <n>', 'turns per page', '20')
    .option('--json', 'print JSON')
    .action(
      (sessionId: string, options: { db?: string; branch?: string; from: string; limit: string; json?: boolean }) =>
        withStore(options.db, (store) => {
          const from = Math.max(0, Number.parseInt(options.from, 10) - 1 || 0);
          const page = store.timeline(sessionId, {
            from,
            limit: Math.max(1, Number.parseInt(options.limit, 10) || 20),
            ...(options.branch ? { branchId: options.branch } : {}),
          });
          if (options.json) {
            console.log(
              JSON.stringify({ session: store.session(sessionId), branches: store.branches(sessionId), page }, null, 2),
            );
            return;
          }
          console.log(line(store.session(sessionId)));
          for (const b of store.branches(sessionId))
            console.log(
              `  branch ${b.id}  ${b.name}  ${b.turns} turns${b.forkTurnIndex === null ? '' : ` (after turn ${b.forkTurnIndex + 1})`}`,
            );
          for (const t of page.entries) {
            console.log(
              `\n── Turn ${t.index + 1} · ${t.mode} · ${t.clock}${t.timeFrozen ? ' · time frozen' : ''} · ${t.id}\n> ${t.input}\n${t.narrative}`,
            );
          }
          console.log(`\nTurns ${page.from + 1}–${page.from + page.entries.length} of ${page.total}.`);
        }),
    );

  sessions
    .command('fork')
    .description('Fork a session after a turn into a new session; the original stays as it is')
    .argument('<session>', 'session id')
    .requiredOption('--turn <n|id>', 'the last turn the fork keeps (its number, 1 is the first, or its id)')
    .option('--branch <id>', 'the branch the turn is on (default: main)')
    .option('--title <title>', "the fork's title")
    .option('--db <file>', DB_HELP)
    .action((sessionId: string, options: { turn: string; branch?: string; title?: string; db?: string }) =>
      withStore(options.db, (store) => {
        const turnId = turnIdOf(store, sessionId, options.turn, options.branch);
        const fork = forkSession(store, sessionId, turnId, {
          ...(options.branch ? { branchId: options.branch } : {}),
          ...(options.title ? { title: options.title } : {}),
        });
        console.log(`Forked into session ${fork.id}: "${fork.title}", ${fork.turns} turns.`);
      }),
    );

  sessions
    .command('branch')
    .description('Start a branch of a session after a turn; play on it with the workbench')
    .argument('<session>', 'session id')
    .requiredOption('--turn <n|id>', 'the turn the branch starts after')
    .option('--from-branch <id>', 'the branch the turn is on (default: main)')
    .option('--name <name>', "the branch's name")
    .option('--db <file>', DB_HELP)
    .action((sessionId: string, options: { turn: string; fromBranch?: string; name?: string; db?: string }) =>
      withStore(options.db, (store) => {
        const branch = store.branchFrom(
          sessionId,
          turnIdOf(store, sessionId, options.turn, options.fromBranch),
          options.name,
        );
        console.log(`Branch ${branch.id} ("${branch.name}") starts after turn ${branch.forkTurnIndex! + 1}.`);
      }),
    );

  sessions
    .command('delete')
    .description('Delete a session with everything of it; its key is destroyed, so nothing of it can be read again')
    .argument('<session>', 'session id')
    .option('--yes', 'confirm: without it nothing is deleted')
    .option('--db <file>', DB_HELP)
    .action((sessionId: string, options: { yes?: boolean; db?: string }) =>
      withStore(options.db, (store) => {
        const session = store.session(sessionId);
        if (!options.yes) {
          console.error(
            `This deletes "${session.title}" (${session.turns} turns) for good. Run again with --yes to confirm.`,
          );
          process.exitCode = 1;
          return;
        }
        store.deleteSession(sessionId);
        console.log(`Deleted session ${sessionId}.`);
      }),
    );

  sessions
    .command('export')
    .description('Write a session as a bundle file (turns, plans, traces, notes, prompts as used; never a key)')
    .argument('<session>', 'session id')
    .option('--out <file>', 'where to write it (default: a name from the title, in this folder)')
    .option('--passphrase-env <variable>', 'seal the bundle with the passphrase in this environment variable')
    .option('--db <file>', DB_HELP)
    .action((sessionId: string, options: { out?: string; passphraseEnv?: string; db?: string }) =>
      withStore(options.db, async (store) => {
        const passphrase = passphraseFrom(options.passphraseEnv);
        const { title } = store.session(sessionId);
        const out = path.resolve(options.out ?? bundleFileName(title, sessionId, passphrase !== undefined));
        // Written beside its place and moved there whole: a cut-off export never stands where the bundle should.
        const partial = `${out}.${process.pid}.partial`;
        try {
          const written = await writeBundle(store, sessionId, createWriteStream(partial, { mode: 0o600 }), {
            passphrase,
          });
          await rename(partial, out);
          console.log(
            `Exported "${written.title}" (${written.turns} turns${written.sealed ? ', sealed' : ''}) to ${out}.`,
          );
        } finally {
          await rm(partial, { force: true });
        }
      }),
    );

  sessions
    .command('import')
    .description('Import a bundle file as it was exported: same ids, turns, plans, traces and notes')
    .argument('<file>', 'the bundle')
    .option('--passphrase-env <variable>', "the environment variable holding a sealed bundle's passphrase")
    .option('--db <file>', DB_HELP)
    .action((file: string, options: { passphraseEnv?: string; db?: string }) =>
      withStore(options.db, async (store) => {
        // Sized before it is read: a file too large is refused in one line, not after filling the memory.
        checkBundleSize((await stat(path.resolve(file))).size);
        const bytes = await readFile(path.resolve(file));
        const imported = await importBundle(store, bytes, passphraseFrom(options.passphraseEnv));
        console.log(`Imported session ${imported.id}: "${imported.title}", ${imported.turns} turns.`);
      }),
    );
}
