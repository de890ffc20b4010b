// @ts-check
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_DIR = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The entry files of the Node hosts. The model host is forked by the code that launches it from a
 * `model-host-main.js` beside that code, so it is bundled into the same folder as the CLI and the browser host.
 */
const ENTRIES = {
  cli: 'main/cli/main.ts',
  'web-host': 'main/web-host/main.ts',
  'model-host-main': 'main/core/models/llama-cpp/model-host-main.ts',
};

/**
 * Left to node_modules: native add-ons (better-sqlite3, node-llama-cpp, which also finds its own binaries from its
 * package folder), gpt-tokenizer, whose ~3 MB of encoding tables are imported lazily, only to count tokens, and
 * bullmq with its Redis client ioredis (bullmq requires ioredis and its optional clients from its own package: one
 * copy of ioredis for both).
 */
const EXTERNAL = ['better-sqlite3', 'node-llama-cpp', 'gpt-tokenizer', 'bullmq', 'ioredis'];

const COMMONJS_GLOBALS = [
  "import { createRequire as __bundleCreateRequire } from 'node:module';",
  "import { fileURLToPath as __bundleFileURLToPath } from 'node:url';",
  'const require = __bundleCreateRequire(import.meta.url);',
  'const __filename = __bundleFileURLToPath(import.meta.url);',
  "const __dirname = __bundleFileURLToPath(new URL('.', import.meta.url));",
].join(' ');

/**
 * The CLI, the browser host and the model host as bundles in dist/hosts (two levels below the repository, like
 * their sources, so paths they derive from their own location stay right). dist/, not out/: electron-builder
 * packs out/ into the desktop app, which does not ship these.
 * @type {import('./ensure-built.mjs').BuildTarget}
 */
export const hostsTarget = {
  name: 'the CLI and browser host bundles',
  rootDir: REPO_DIR,
  inputs: [
    'main/core',
    'main/cli',
    'main/web-host',
    'shared',
    'package.json',
    'package-lock.json',
    'tsconfig.json',
    'tsconfig.base.json',
    'scripts/build',
  ],
  outDir: path.join(REPO_DIR, 'dist', 'hosts'),
  stampFile: path.join(REPO_DIR, 'dist', 'hosts.stamp.json'),
  build: () => bundleHosts(path.join(REPO_DIR, 'dist', 'hosts')),
};

/**
 * Bundles the hosts with esbuild into outDir. Each file is written beside its final name and renamed over it, so
 * a host starting meanwhile loads a whole old file or a whole new one; files of an earlier build that this one did
 * not write are removed.
 * @param {string} outDir
 * @returns {Promise<void>}
 */
export async function bundleHosts(outDir) {
  const esbuild = await import('esbuild');
  // An entry that does not exist yet (a file another change is adding) is left out, not an error.
  const entryPoints = Object.fromEntries(
    Object.entries(ENTRIES).filter(([, source]) => existsSync(path.join(REPO_DIR, source))),
  );
  const result = await esbuild.build({
    absWorkingDir: REPO_DIR,
    entryPoints,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    external: EXTERNAL,
    // Bundled CommonJS packages use require() and __filename (write-file-atomic names its temp files with it); an
    // ES module has neither.
    banner: { js: COMMONJS_GLOBALS },
    // Each entry holds all it runs. Shared chunks would build ~1.5x faster, but a rebuild would replace chunks that
    // a running host may still import lazily (the AI SDK does). No source maps either: they would triple what a
    // build writes; the bundle is not minified and names each module it holds, and tsx runs the source mapped.
    write: false,
    logLevel: 'warning',
  });
  mkdirSync(outDir, { recursive: true });
  const written = new Set();
  for (const file of result.outputFiles) {
    const temp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temp, file.contents);
    renameSync(temp, file.path);
    written.add(path.basename(file.path));
  }
  for (const name of readdirSync(outDir))
    if (!written.has(name)) rmSync(path.join(outDir, name), { recursive: true, force: true });
}
