import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The layer rules of docs/architecture.md, as lint: arrows point down only.
const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const restrict = (patterns, paths = []) => ['error', { paths, patterns }];
const forbid = (group, message) => ({ group, message });

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
  {
    files: ['main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        forbid(
          ['electron', 'electron/*'],
          'main/core never imports Electron: the CLI, the browser host and tests run it as it is.',
        ),
        forbid(['**/electron/**', '**/web-host/**', '**/cli/**', '**/renderer/**'], 'main/core sits below the hosts.'),
      ]),
    },
  },
  {
    files: ['main/web-host/**/*.ts', 'main/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        forbid(['electron', 'electron/*'], 'The CLI and the browser host run without Electron.'),
        forbid(['**/renderer/**', '**/main/electron/**', '../electron/**'], 'Hosts use the core, not each other.'),
      ]),
    },
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
