import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The layer rules of docs/architecture.md, as lint: arrows point down only.
const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const restrict = (patterns, paths = []) => ['error', { paths, patterns }];
const forbid = (group, message) => ({ group, message });

/** main/core's folders, lowest first: each may import those before it, never those after it. */
export const MAX_LINES = 350;
export const CORE_STACK = ['store', 'models', 'prompts', 'planning', 'session', 'playtest', 'rpc'];
const coreBelowHosts = [
  forbid(
    ['electron', 'electron/*'],
    'main/core never imports Electron: the CLI, the browser host and tests run it as it is.',
  ),
  forbid(
    ['**/electron/**', '**/web-host/**', '**/cli/**', '**/launcher/**', '**/renderer/**'],
    'main/core sits below the hosts.',
  ),
];

const nodeForbidden = {
  paths: nodeBuiltins.map((name) => ({ name, message: 'This layer runs in a browser: no Node modules.' })),
};

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', 'release', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [
          forbid(['electron', 'electron/*'], 'shared/ runs everywhere: no Electron.'),
          forbid(['react', 'react-dom', 'react/*', 'react-dom/*'], 'shared/ has no UI.'),
          forbid(['**/main/**', '**/renderer/**'], 'shared/ depends on nothing of ours above it.'),
        ],
        nodeForbidden.paths,
      ),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': restrict(
        [
          forbid(['electron', 'electron/*'], 'The renderer knows only the Transport interface.'),
          forbid(['**/main/**'], 'The renderer talks to the host only through the Transport.'),
        ],
        nodeForbidden.paths,
      ),
    },
  },
  // Inside main/core, folders form one stack, lowest first; a folder imports only those below it (docs/architecture.md).
  ...CORE_STACK.map((folder, level) => ({
    files: [`main/core/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': restrict([
        ...coreBelowHosts,
        ...CORE_STACK.slice(level + 1).map((above) =>
          forbid(
            [
              `**/core/${above}`,
              `**/core/${above}/**`,
              `../${above}`,
              `../${above}/**`,
              `../../${above}`,
              `../../${above}/**`,
              `../../../${above}`,
              `../../../${above}/**`,
            ],
            `main/core/${folder} sits below main/core/${above}.`,
          ),
        ),
      ]),
    },
  })),
  {
    files: ['main/core/*.ts', 'main/core/security/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(coreBelowHosts) },
  },
  {
    files: ['main/web-host/**/*.ts', 'main/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        forbid(['electron', 'electron/*'], 'The CLI and the browser host run without Electron.'),
        forbid(['**/renderer/**', '**/main/electron/**', '../electron/**'], 'Hosts use the core, not each other.'),
        forbid(['**/launcher/**', '../launcher/*'], 'The launcher starts a host; no host imports it.'),
      ]),
    },
  },
  {
    files: ['main/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        forbid(['electron', 'electron/*'], 'The CLI runs without Electron.'),
        forbid(
          ['**/renderer/**', '**/main/electron/**', '../electron/**', '**/web-host/**', '../web-host/*'],
          'Hosts use the core, not each other.',
        ),
        forbid(['**/launcher/**', '../launcher/*'], 'The launcher starts a host; no host imports it.'),
        forbid(
          ['**/core/rpc/**', '../core/rpc/*'],
          'The CLI calls the core the way the handlers do, not through them.',
        ),
      ]),
    },
  },
  {
    files: ['main/launcher/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        forbid(['electron', 'electron/*'], 'The launcher runs in Node; it starts Electron as a process.'),
        forbid(
          ['**/renderer/**', '**/main/electron/**', '../electron/**'],
          'The launcher starts the desktop app, never imports it.',
        ),
      ]),
    },
  },
  {
    // Small, single-minded files: past this, a file holds more than one concern.
    files: ['main/**/*.ts', 'shared/**/*.ts'],
    rules: { 'max-lines': ['error', { max: MAX_LINES }] },
  },
  {
    files: ['main/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [forbid(['**/core/**', '**/renderer/**', 'zod', 'react'], 'The preload is a dependency-free bridge.')],
        nodeForbidden.paths,
      ),
    },
  },
);
