// @ts-check
import { parseArgs } from 'node:util';
import { ensureBuilt } from './build/ensure-built.mjs';
import { hostsTarget } from './build/hosts-target.mjs';
import { rendererTarget } from './build/renderer-target.mjs';

/** @type {Record<string, import('./build/ensure-built.mjs').BuildTarget>} */
const TARGETS = { renderer: rendererTarget, hosts: hostsTarget };

const usage = `usage: node scripts/build.mjs [--force] <${Object.keys(TARGETS).join('|')}>...
Builds each target whose inputs changed since its last build; --force builds them anyway.`;

// The build step of `npm run build:web`, `test:e2e` and `bench`, with the same up-to-date check as the launchers.
const { values, positionals } = parseArgs({
  options: { force: { type: 'boolean', default: false } },
  allowPositionals: true,
});
const targets = positionals.map((name) => TARGETS[name]);
if (positionals.length === 0 || targets.some((target) => !target)) {
  console.error(usage);
  process.exit(2);
}
try {
  for (const target of targets) if (target) await ensureBuilt(target, { force: values.force });
} catch (error) {
  console.error(`narrative-workbench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
