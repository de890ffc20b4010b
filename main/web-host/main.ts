import { Command } from 'commander';
import { REPO_DIR } from '../core/paths';
import { parsePort, serveAndPrintUrl } from './run';

const program = new Command('web')
  .description('Serve the workbench to a browser on 127.0.0.1, behind a per-start token')
  .option('--port <n>', 'port on 127.0.0.1 (0 picks a free one)', parsePort, 0)
  .option('--project <dir>', 'project folder (it holds prompts/)', REPO_DIR)
  .option('--db <file>', "session database (default: sessions.db in the user's data folder)")
  .action((options: { port: number; project: string; db?: string }) =>
    serveAndPrintUrl({
      port: options.port,
      projectDir: options.project,
      ...(options.db ? { dbFile: options.db } : {}),
    }),
  );

await program.parseAsync();
