// @ts-check
import path from 'node:path';
import { hostsTarget } from './build/hosts-target.mjs';
import { rendererTarget } from './build/renderer-target.mjs';
import { runBuilt } from './build/run-built.mjs';

// `npm run web`: the browser host from its bundle, serving the renderer; each is rebuilt first only when its
// sources changed (a renderer build takes ~6 s). Plain JavaScript, because this file runs before anything is built.
await runBuilt([rendererTarget, hostsTarget], path.join(hostsTarget.outDir, 'web-host.js'));
