import type { Diagnostic } from '../../../../shared/schemas/prompt-preview';
import { monaco } from '../../ui/monaco-setup';

/** One Monaco model per prompt file, so each keeps its own undo history and unsaved text. */
export const modelUri = (name: string) => monaco.Uri.parse(`prompt:///${name}`);
const nameOf = (uri: { path: string }) => uri.path.replace(/^\//, '');

/** Puts content from disk into a file's model as one undoable edit (if the model exists). */
export function replaceModelContent(name: string, content: string): void {
  const model = monaco.editor.getModel(modelUri(name));
  if (model && model.getValue() !== content) {
    model.pushEditOperations([], [{ range: model.getFullModelRange(), text: content }], () => null);
  }
}

export interface PlaceholderDoc {
  name: string;
  kind: 'schema' | 'runtime';
  description: string;
}

let registered = false;

/** Completion after `{{` and hover docs on `{{NAME}}`, from the registry the core reports. */
export function registerPlaceholderSupport(placeholders: PlaceholderDoc[]): void {
  if (registered) return;
  registered = true;
  const byName = new Map(placeholders.map((p) => [p.name, p]));
  monaco.languages.registerCompletionItemProvider('markdown', {
    triggerCharacters: ['{'],
    provideCompletionItems(model, position) {
      const before = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
      const open = /\{\{\s*([A-Za-z0-9_:]*)$/.exec(before);
      if (!open) return { suggestions: [] };
      const range = new monaco.Range(
        position.lineNumber,
        position.column - open[1]!.length,
        position.lineNumber,
        position.column,
      );
      const suggestions = placeholders.map((p) => ({
        label: p.name,
        kind:
          p.kind === 'schema'
            ? monaco.languages.CompletionItemKind.Struct
            : monaco.languages.CompletionItemKind.Variable,
        detail: p.kind === 'schema' ? 'injected schema' : 'runtime value',
        documentation: p.description,
        insertText: `${p.name}}}`,
        range,
      }));
      return { suggestions };
    },
  });
  monaco.languages.registerHoverProvider('markdown', {
    provideHover(model, position) {
      const line = model.getLineContent(position.lineNumber);
      for (const match of line.matchAll(/\{\{\s*([A-Z][A-Z0-9_]*)\s*\}\}/g)) {
        const start = match.index + 1;
        const end = start + match[0].length;
        if (position.column < start || position.column > end) continue;
        const doc = byName.get(match[1]!);
        return {
          range: new monaco.Range(position.lineNumber, start, position.lineNumber, end),
          contents: [
            {
              value: doc
                ? `**${doc.name}** (${doc.kind === 'schema' ? 'injected schema' : 'runtime value'})\n\n${doc.description}`
                : `**${match[1]}** is not a known placeholder`,
            },
          ],
        };
      }
      return null;
    },
  });
}

/** Lint diagnostics as Monaco markers on every open prompt model. */
export function applyDiagnostics(diagnostics: Diagnostic[]): void {
  for (const model of monaco.editor.getModels()) {
    if (model.uri.scheme !== 'prompt') continue;
    const name = nameOf(model.uri);
    monaco.editor.setModelMarkers(
      model,
      'prompt-lint',
      diagnostics
        .filter((d) => d.file === name)
        .map((d) => ({
          severity: d.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
          message: d.message,
          code: d.code,
          startLineNumber: d.line,
          startColumn: d.column,
          endLineNumber: d.line,
          endColumn: model.getLineMaxColumn(Math.min(d.line, model.getLineCount())),
        })),
    );
  }
}
