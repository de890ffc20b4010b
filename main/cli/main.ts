import { Command } from 'commander';
import { PromptFiles } from '../core/prompts/prompt-files';
import { AppError } from '../../shared/ipc/result';
import { REPO_DIR } from '../web-host/run';
import path from 'node:path';

/** The headless entry: `npm run cli -- <command>`. */
const program = new Command('narrative-workbench')
  .description('Narrative Workbench from the command line')
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: true });

const prompts = program.command('prompts').description('The protocol prompts of a project');

prompts
  .command('list')
  .description("List a project's prompt files with their size and version")
  .option('--project <dir>', 'project folder (it holds prompts/)', REPO_DIR)
  .option('--json', 'print JSON instead of a table')
  .action(async (options: { project: string; json?: boolean }) => {
    const files = await new PromptFiles(path.join(path.resolve(options.project), 'prompts')).list();
    if (options.json) {
      console.log(JSON.stringify({ files }, null, 2));
      return;
    }
    const width = Math.max(4, ...files.map((file) => file.name.length));
    console.log(`${'name'.padEnd(width)}  ${'bytes'.padStart(7)}  version`);
    for (const file of files) {
      console.log(`${file.name.padEnd(width)}  ${String(file.size).padStart(7)}  ${file.version.slice(0, 12)}`);
    }
  });

try {
  await program.parseAsync();
} catch (error) {
  const message = error instanceof AppError || error instanceof Error ? error.message : String(error);
  console.error(`narrative-workbench: ${message}`);
  process.exit(1);
}
