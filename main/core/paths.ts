import { fileURLToPath } from 'node:url';

// Both resolve from this file's folder two levels down: main/core/ in a checkout, dist/hosts/ in the bundles.
/** The checkout the workbench runs from: its examples, scripts and shipped prompts. */
export const REPO_DIR = fileURLToPath(new URL('../..', import.meta.url));
/** Where `npm run build` puts the browser host's renderer. */
export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../dist/web', import.meta.url));
