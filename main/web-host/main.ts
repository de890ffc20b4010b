import { Command, InvalidArgumentError } from 'commander';
import { REPO_DIR, runWebHost } from './run';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('a port is 0 to 65535');
  return port;
}

const program = new Command('web')
  .description('Serve the workbench to a browser on 127.0.0.1, behind a per-start token')
  .option('--port <n>', 'port on 127.0.0.1 (0 picks a free one)', parsePort, 0)
  .option('--project <dir>', 'project folder (it holds prompts/)', REPO_DIR)
  .action(async (options: { port: number; project: string }) => {
    try {
      const host = await runWebHost({ port: options.port, projectDir: options.project });
      console.log(host.url);
    } catch (error) {
      console.error(`narrative-workbench: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
  });

await program.parseAsync();
