import { Command, InvalidArgumentError } from 'commander';
import { REPO_DIR } from '../core/paths';
import { OpenPlace } from '../../shared/schemas/open-place';
import { parsePort, serveAndPrintUrl } from './run';

const program = new Command('web')
  .description('Serve the workbench to a browser on 127.0.0.1, behind a per-start token')
  .option('--port <n>', 'port on 127.0.0.1 (0 picks a free one)', parsePort, 0)
  .option('--project <dir>', 'project folder (it holds prompts/)', REPO_DIR)
  .option('--db <file>', "session database (default: sessions.db in the user's data folder)")
  .option('--session <id>', 'open this session (its id, as `sessions list` or a playtest report gives it)')
  .option('--turn <n>', 'with this turn of it selected (1-based; needs --session)', parseTurn)
  .action((options: { port: number; project: string; db?: string; session?: string; turn?: number }) => {
    if (options.turn !== undefined && options.session === undefined) program.error('--turn needs --session');
    return serveAndPrintUrl({
      port: options.port,
      projectDir: options.project,
      ...(options.db ? { dbFile: options.db } : {}),
      ...(options.session ? { openAt: OpenPlace.parse({ session: options.session, turn: options.turn }) } : {}),
    });
  });

/** `--turn`: a whole number from 1. */
function parseTurn(value: string): number {
  const turn = Number(value);
  if (!/^\d+$/.test(value) || turn < 1) throw new InvalidArgumentError('a turn is a whole number from 1');
  return turn;
}

await program.parseAsync();
