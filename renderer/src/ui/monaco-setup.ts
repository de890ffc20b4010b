import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor/editor/editor.api';
// editor.api is the bare editor: register.all adds find, hover, suggestions, markers, folding and the rest.
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/markdown/register';
// JSON with its language service: answers edited at a breakpoint are checked against their schema as you type.
import { jsonDefaults } from 'monaco-editor/languages/features/json/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';

// Monaco comes from our own bundle, never a CDN: the workbench has to work offline, and the CSP allows
// scripts and workers from our own origin only.
self.MonacoEnvironment = {
  getWorker: (_, label) => quietWhenUnreachable(label === 'json' ? new JsonWorker() : new EditorWorker()),
};

/**
 * A worker whose script cannot be fetched (the host stopped, or is restarting) fires a bare `error` Event, which
 * Monaco rethrows as an uncaught error ("Event"). The page stays usable without it (editing works, the worker's
 * extras wait for a reload), so the failure is a warning; an error thrown inside a running worker (an ErrorEvent)
 * still reaches Monaco. Our listener is added before Monaco's, so it can stop it.
 */
function quietWhenUnreachable(worker: Worker): Worker {
  worker.addEventListener('error', (event: Event) => {
    if (event instanceof ErrorEvent) return;
    event.stopImmediatePropagation();
    console.warn('The editor could not load a helper script: is the workbench host still running?');
  });
  return worker;
}
loader.config({ monaco });

export { monaco, jsonDefaults };
