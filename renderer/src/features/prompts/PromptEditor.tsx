import Editor from '@monaco-editor/react';
import { useRef } from 'react';
import { monaco } from '../../ui/monaco-setup';
import { useColorScheme } from '../../ui/use-color-scheme';
import { modelUri } from './monaco-prompts';

export type CodeEditor = monaco.editor.IStandaloneCodeEditor;

interface Props {
  name: string;
  initialText: string;
  onChange(text: string): void;
  onSave(): void;
  onEditor(editor: CodeEditor): void;
  /** The line the cursor moved to. */
  onCursor(line: number): void;
}

export function PromptEditor({ name, initialText, onChange, onSave, onEditor, onCursor }: Props) {
  const scheme = useColorScheme();
  // The editor lives across files (one model each): its cursor listener reads the latest callback.
  const cursorRef = useRef(onCursor);
  cursorRef.current = onCursor;
  return (
    <div className="monaco-host">
      <Editor
        path={modelUri(name).toString()}
        defaultLanguage="markdown"
        defaultValue={initialText}
        theme={scheme === 'dark' ? 'vs-dark' : 'vs'}
        onChange={(value) => onChange(value ?? '')}
        onMount={(editor) => {
          editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => onSave());
          editor.onDidChangeCursorPosition((event) => cursorRef.current(event.position.lineNumber));
          onEditor(editor);
        }}
        options={{
          ariaLabel: `Editing ${name}`,
          wordWrap: 'on',
          minimap: { enabled: false },
          fontSize: 14,
          scrollBeyondLastLine: false,
          automaticLayout: true,
        }}
        loading={<p className="muted">Loading the editor…</p>}
      />
    </div>
  );
}
