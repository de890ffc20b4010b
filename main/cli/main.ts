import { Command, InvalidArgumentError, Option } from 'commander';
import { lintPromptSet, previewPromptSet } from '../core/planning/agents/prompt-preview';
import { PreviewTarget, type Diagnostic } from '../../shared/schemas/prompt-preview';
import { loadPromptSet, PromptFiles } from '../core/prompts/prompt-files';
import { AppError } from '../../shared/ipc/result';
import { REPO_DIR } from '../core/paths';
import { registerPlayCommand } from './play-command';
import { registerPlaytestCommand } from './playtest-command';
import { registerSessionCommands } from './session-commands';
import { registerAuditCommands } from './audit-commands';
import path from 'node:path';
import { plural } from '../../shared/rules/plural';

/** The headless entry: `npm run cli -- <command>`. */
// A reader that stops early (`| head`) closes the pipe: the output ends there, quietly, as other tools' does.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });

const program = new Command('narrative-workbench')
  .description('Narrative Workbench from the command line')
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: true })
  // A subcommand's options are its own (playtest merge-reports --junit is merge-reports', not playtest's); that
  // holds below only when it holds here as well.
  .enablePositionalOptions();

const prompts = program.command('prompts').description('The protocol prompts of a project');

prompts
  .command('list')
  .description("List a project's prompt files with their size and version")
  .option('--project <dir>', 'project folder (it holds prompts/)', REPO_DIR)
  .option('--json', 'print JSON instead of a table')
  .action(async (options: { project: string; json?: boolean }) => {
    const { files, problems } = await promptFilesOf(options.project).list();
    if (options.json) {
      console.log(JSON.stringify({ files, problems }, null, 2));
      return;
    }
    for (const problem of problems) console.error(`prompts/${problem.path}: ${problem.message}`);
    const width = Math.max(4, ...files.map((file) => file.name.length));
    console.log(`${'name'.padEnd(width)}  ${'bytes'.padStart(7)}  version`);
    for (const file of files) {
      console.log(`${file.name.padEnd(width)}  ${String(file.size).padStart(7)}  ${file.version.slice(0, 12)}`);
    }
  });

const promptFilesOf = (project: string) => new PromptFiles(path.join(path.resolve(project), 'prompts'));
const where = (d: Diagnostic) => `prompts/${d.file}:${d.line}:${d.column}`;

prompts
  .command('preview')
  .description('Print the assembled prompt of a target, schemas injected and sample runtime values filled in')
  .addOption(
    new Option('--target <target>', 'which prompt to assemble').choices(PreviewTarget.options).default('story'),
  )
  .option('--project <dir>', 'project folder (it holds prompts/)', REPO_DIR)
  .action(async (options: { project: string; target: PreviewTarget }) => {
    const preview = await previewPromptSet(await loadPromptSet(promptFilesOf(options.project)), options.target);
    if (preview.error) throw new Error(`${preview.label}: ${preview.error}`);
    process.stdout.write(preview.text);
    for (const { source } of preview.segments)
      if (source.kind === 'unresolved')
        console.error(`${source.file}:${source.line}: ${source.reason} (marked in place)`);
    const hashes = Object.entries(preview.schemaHashes)
      .map(([name, hash]) => `${name} ${hash}`)
      .join(', ');
    console.error(`${preview.label}: ${preview.tokenEstimate} tokens (o200k), schemas: ${hashes || 'none'}`);
  });

prompts
  .command('lint')
  .description("Check a project's prompts; exits non-zero on an error, or on more warnings than --max-warnings")
  .option('--project <dir>', 'project folder (it holds prompts/)', REPO_DIR)
  .option('--json', 'print the diagnostics as JSON')
  .option('--max-warnings <n>', 'fail when there are more warnings than this (as ESLint); default: any number', count)
  .action(async (options: { project: string; json?: boolean; maxWarnings?: number }) => {
    const diagnostics = lintPromptSet(await loadPromptSet(promptFilesOf(options.project)));
    if (options.json) console.log(JSON.stringify({ diagnostics }, null, 2));
    else for (const d of diagnostics) console.log(`${where(d)}  ${d.severity}  ${d.code}  ${d.message}`);
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.length - errors;
    const tooMany = options.maxWarnings !== undefined && warnings > options.maxWarnings;
    if (!options.json) console.log(`${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
    if (tooMany) console.error(`Too many warnings: ${warnings}, and --max-warnings allows ${options.maxWarnings}.`);
    if (errors || tooMany) process.exitCode = 1;
  });

/** A whole number of zero or more, as an option's value. */
function count(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('give a whole number of 0 or more.');
  return Number(value);
}

registerPlayCommand(program);
registerPlaytestCommand(program);
registerSessionCommands(program);
registerAuditCommands(program);

try {
  await program.parseAsync();
} catch (error) {
  const message = error instanceof AppError || error instanceof Error ? error.message : String(error);
  console.error(`narrative-workbench: ${message}`);
  process.exit(1);
}
