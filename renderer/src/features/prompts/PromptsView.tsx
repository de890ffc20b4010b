import { StatusLine, type Status } from '../../ui/controls';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MethodOutput } from '../../../../shared/ipc/contract';
import { useTransport } from '../../app/transport-context';
import type { PreviewTarget } from '../../../../shared/schemas/prompt-preview';
import { applyDiagnostics, modelUri, registerPlaceholderSupport, replaceModelContent } from './monaco-prompts';
import { PreviewPane, type SourceLine } from './PreviewPane';
import { ProblemsList } from './ProblemsList';
import { PromptEditor, type CodeEditor } from './PromptEditor';
import { PromptFileList } from './PromptFileList';
import { isDirty, reactionToDiskChange } from './prompt-documents';
import { dispatchDocument as dispatch, draftsOf, restoreDrafts, usePromptDocuments } from './prompt-drafts';
import { useLivePreview, type Preview } from './use-live-preview';
import { Splitter, usePaneSize } from '../../ui/Splitter';

type FileInfo = MethodOutput<'prompts.list'>['files'][number];

/** The Prompts tab; `file` is the one open (from the URL), `onFile` tells where the user went. */
export function PromptsView({ file, onFile }: { file?: string | undefined; onFile?: (name: string) => void }) {
  const transport = useTransport();
  const [files, setFiles] = useState<FileInfo[]>([]);
  const [folderProblems, setFolderProblems] = useState<MethodOutput<'prompts.list'>['problems']>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const onFileRef = useRef(onFile);
  onFileRef.current = onFile;
  const docs = usePromptDocuments();
  const [status, setStatus] = useState<Status>(null);
  const [saving, setSaving] = useState(false);
  const docsRef = useRef(docs);
  docsRef.current = docs;
  const editorRef = useRef<CodeEditor | null>(null);
  const [target, setTarget] = useState<PreviewTarget>('story');
  const [diskEpoch, setDiskEpoch] = useState(0);
  const [editing, setEditing] = useState<SourceLine | null>(null);
  const previewRef = useRef<Preview | null>(null);
  /** The file opened last whose agent the preview is still to follow. */
  const followed = useRef<string | null>(null);
  const follow = useCallback((shown: Preview) => {
    const name = followed.current;
    if (name === null) return;
    followed.current = null;
    const owners = shown.fileTargets[name];
    if (owners?.length) setTarget((target) => (owners.includes(target) ? target : owners[0]!));
  }, []);
  const [fileList, setFileList] = usePaneSize('prompts.files', 220, 160, 420);
  const [previewWidth, setPreviewWidth] = usePaneSize('prompts.preview', 520, 300, 1200);

  const refreshList = useCallback(async () => {
    const result = await transport.invoke('prompts.list', {});
    if (result.ok) {
      setFiles(result.value.files);
      setFolderProblems(result.value.problems);
    } else setStatus({ kind: 'error', text: result.error.message });
  }, [transport]);

  const load = useCallback(
    async (name: string) => {
      const result = await transport.invoke('prompts.read', { name });
      if (!result.ok) {
        setStatus({ kind: 'error', text: result.error.message });
        return false;
      }
      replaceModelContent(name, result.value.content);
      dispatch({ type: 'loaded', name, content: result.value.content, version: result.value.version });
      return true;
    },
    [transport],
  );

  const open = useCallback(
    async (name: string) => {
      // A draft kept from before a reload comes back first: the file opens with it, not with the disk's text.
      await restoreDrafts(transport);
      if (docsRef.current[name] || (await load(name))) {
        setSelected(name);
        onFileRef.current?.(name);
        setStatus(null);
        // The preview follows the opened file's agent, unless the target shown already uses the file; before the
        // first preview has arrived, it follows once one does.
        followed.current = name;
        if (previewRef.current) follow(previewRef.current);
      }
    },
    [load, transport, follow],
  );

  // Documents kept from an earlier visit: a clean one follows the disk, a draft learns the disk moved on.
  useEffect(() => {
    for (const kept of Object.values(docsRef.current))
      void transport.invoke('prompts.read', { name: kept.name }).then((result) => {
        if (!result.ok || result.value.version === kept.baseVersion) return;
        if (isDirty(kept)) dispatch({ type: 'diskChanged', name: kept.name, version: result.value.version });
        else void load(kept.name);
      });
  }, [transport, load]);

  useEffect(() => {
    void refreshList();
    void transport.invoke('prompts.placeholders', {}).then((result) => {
      if (result.ok) registerPlaceholderSupport(result.value.placeholders);
    });
    return transport.on('prompts.changed', ({ name, version }) => {
      void refreshList();
      setDiskEpoch((epoch) => epoch + 1);
      const reaction = reactionToDiskChange(docsRef.current[name], version);
      if (reaction === 'reload') void load(name);
      if (reaction === 'flag') dispatch({ type: 'diskChanged', name, version });
    });
  }, [transport, refreshList, load]);

  const save = useCallback(
    async (overwrite = false) => {
      const doc = selected ? docsRef.current[selected] : undefined;
      if (!doc || saving) return;
      setSaving(true);
      try {
        let baseVersion = doc.baseVersion;
        if (overwrite) {
          // "Keep mine": take the version now on disk as the base, so this save deliberately replaces it.
          const current = await transport.invoke('prompts.read', { name: doc.name });
          if (!current.ok) return setStatus({ kind: 'error', text: current.error.message });
          baseVersion = current.value.version;
        }
        const content = doc.text;
        const result = await transport.invoke('prompts.write', { name: doc.name, content, baseVersion });
        if (result.ok) {
          dispatch({ type: 'saved', name: doc.name, content, version: result.value.version });
          setStatus({ kind: 'info', text: `Saved ${doc.name}` });
        } else if (result.error.code === 'CONFLICT') {
          dispatch({ type: 'conflicted', name: doc.name });
          setStatus(null);
        } else {
          setStatus({ kind: 'error', text: `Could not save ${doc.name}: ${result.error.message}` });
        }
      } finally {
        setSaving(false);
      }
    },
    [selected, saving, transport],
  );

  // The file the URL names opens (on load, and on back/forward).
  useEffect(() => {
    if (file) void open(file);
  }, [file, open]);

  /** Drops the draft: the file's text on disk comes back into the editor. */
  const discard = useCallback(
    async (name: string) => {
      if (await load(name)) setStatus({ kind: 'info', text: `Discarded the draft of ${name}` });
    },
    [load],
  );

  const saveRef = useRef(save);
  saveRef.current = save;

  useEffect(() => {
    // Ctrl/Cmd+S anywhere in the workbench saves; inside Monaco the editor's own binding handles it first.
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's' && !event.defaultPrevented) {
        event.preventDefault();
        void saveRef.current();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const dirty = useMemo(
    () =>
      new Set(
        Object.values(docs)
          .filter(isDirty)
          .map((doc) => doc.name),
      ),
    [docs],
  );
  const restored = useMemo(
    () =>
      new Set(
        Object.values(docs)
          .filter((d) => d.restored && isDirty(d))
          .map((d) => d.name),
      ),
    [docs],
  );
  const doc = selected ? docs[selected] : undefined;

  // The preview follows what the editor holds, saved or not.
  const overrides = useMemo(() => draftsOf(docs), [docs]);
  const { preview, error: previewError } = useLivePreview(target, overrides, diskEpoch);
  previewRef.current = preview;
  useEffect(() => {
    if (preview) follow(preview);
  }, [preview, follow]);
  const diagnostics = useMemo(() => preview?.diagnostics ?? [], [preview]);
  useEffect(() => applyDiagnostics(diagnostics), [diagnostics, selected]);

  const jumpTo = useCallback(
    async (file: string, line: number, column = 1) => {
      await open(file);
      // The editor switches models on the next render: wait for it, then reveal the line.
      for (let tries = 0; tries < 60; tries++) {
        const editor = editorRef.current;
        if (editor?.getModel()?.uri.toString() === modelUri(file).toString()) {
          editor.revealLineInCenter(line);
          editor.setPosition({ lineNumber: line, column });
          editor.focus();
          return;
        }
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
    },
    [open],
  );

  return (
    <main
      className="prompts-view"
      style={{ gridTemplateColumns: `${fileList}px auto minmax(0, 1fr) auto min(${previewWidth}px, 60%)` }}
    >
      <PromptFileList
        files={files}
        problems={folderProblems}
        selected={selected}
        dirty={dirty}
        restored={restored}
        onOpen={(name) => void open(name)}
      />
      <Splitter
        label="Resize the prompt files list"
        orientation="vertical"
        size={fileList}
        min={160}
        max={420}
        onSize={setFileList}
      />
      <section className="editor-pane" aria-label="Prompt editor">
        {doc ? (
          <>
            <div className="editor-toolbar">
              <h2>
                {doc.name}
                {isDirty(doc) && (
                  <span className="dirty-marker" role="img" aria-label="unsaved changes" title="Unsaved changes">
                    {' '}
                    ●
                  </span>
                )}
                {restored.has(doc.name) && <span className="restored-marker">restored draft</span>}
              </h2>
              {isDirty(doc) && (
                <button
                  type="button"
                  className="button-secondary"
                  onClick={() => void discard(doc.name)}
                  title="Drop the unsaved edits and show the file as it is on disk"
                >
                  Discard draft
                </button>
              )}
              <button type="button" onClick={() => void save()} disabled={saving || (!isDirty(doc) && !doc.conflict)}>
                Save
              </button>
            </div>
            {doc.conflict ? (
              <div className="banner banner-error" role="alert">
                <p>
                  <strong>{doc.name} changed on disk after you opened it.</strong> Your save was refused and nothing on
                  disk was overwritten.
                </p>
                <div className="banner-actions">
                  <button type="button" onClick={() => void load(doc.name)}>
                    Reload from disk (discard my changes)
                  </button>
                  <button type="button" onClick={() => void save(true)}>
                    Keep mine (overwrite the file on disk)
                  </button>
                </div>
              </div>
            ) : (
              doc.changedOnDisk && (
                <div className="banner" role="status">
                  {doc.name} changed on disk while you were editing. Saving will ask whether to keep your version.
                </div>
              )
            )}
            <StatusLine status={status} as="p" />
            <PromptEditor
              name={doc.name}
              initialText={doc.text}
              onChange={(text) => dispatch({ type: 'edited', name: doc.name, text })}
              onSave={() => void saveRef.current()}
              onEditor={(editor) => (editorRef.current = editor)}
              onCursor={(line) => setEditing({ file: doc.name, line })}
            />
          </>
        ) : (
          <div className="empty-editor">
            {status && (
              <p className="status status-error" role="alert">
                {status.text}
              </p>
            )}
            <p className="muted">Choose a prompt file to edit it.</p>
          </div>
        )}
        <ProblemsList diagnostics={diagnostics} onJump={(file, line, column) => void jumpTo(file, line, column)} />
      </section>
      <Splitter
        label="Resize the preview"
        orientation="vertical"
        size={previewWidth}
        min={300}
        max={1200}
        after
        onSize={setPreviewWidth}
      />
      <PreviewPane
        target={target}
        onTarget={setTarget}
        preview={preview}
        error={previewError}
        onJump={(file, line) => void jumpTo(file, line)}
        editing={editing?.file === selected ? editing : null}
      />
    </main>
  );
}
