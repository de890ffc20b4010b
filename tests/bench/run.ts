import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Figure } from './stats';

/**
 * `npm run bench`: runs every tests/bench/*.bench.ts and prints a table; `-- --json` prints one JSON
 * document and nothing else; `-- bundle store` runs only the suites named. Figures are measured here, never
 * asserted as times in tests.
 */
const json = process.argv.includes('--json');
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const dir = path.dirname(fileURLToPath(import.meta.url));
const files = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => !only.length || only.includes(file.replace(/\.bench\.ts$/, '')))
  .sort();
if (!files.length) throw new Error(`No bench suite named ${only.join(', ')} in ${dir}.`);

const figures: (Figure & { suite: string })[] = [];
for (const file of files) {
  const suite = file.replace(/\.bench\.ts$/, '');
  if (!json) process.stderr.write(`running ${suite}…\n`);
  const module = (await import(pathToFileURL(path.join(dir, file)).href)) as { run(): Promise<Figure[]> };
  for (const figure of await module.run()) figures.push({ suite, ...figure });
}

const machine = {
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? 'unknown',
};

if (json) {
  process.stdout.write(`${JSON.stringify({ machine, figures }, null, 2)}\n`);
} else {
  const rows = figures.map((f) => [
    f.name,
    f.unit,
    String(f.samples),
    f.median.toFixed(2),
    f.p95.toFixed(2),
    f.min.toFixed(2),
    f.max.toFixed(2),
    f.goal ?? '',
  ]);
  const header = ['figure', 'unit', 'samples', 'median', 'p95', 'min', 'max', 'goal'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`Node ${machine.node} on ${machine.platform}, ${machine.cpus} × ${machine.cpu}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}
