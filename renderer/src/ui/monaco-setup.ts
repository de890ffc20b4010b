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
self.MonacoEnvironment = { getWorker: (_, label) => (label === 'json' ? new JsonWorker() : new EditorWorker()) };
loader.config({ monaco });

export { monaco, jsonDefaults };
