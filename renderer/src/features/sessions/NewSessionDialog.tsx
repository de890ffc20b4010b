import { useEffect, useRef, useState, type FormEvent } from 'react';
import { parse as parseYaml } from 'yaml';
import { Architecture } from '../../../../shared/schemas/plans/agents';
import { WorldState } from '../../../../shared/schemas/world';
import { describeIssues } from '../../../../shared/schemas/zod-issues';
import { useTransport } from '../../app/transport-context';
import { EnumSelect, ErrorBanner } from '../../ui/controls';

/**
 * "New session…" and its dialog: a native modal <dialog>, so focus moves into it and stays there, Escape closes
 * it, and focus returns to the button; the transcript keeps the sidebar's height instead of sharing it with a form.
 */
export function NewSessionDialog({
  onCreated,
  onError,
}: {
  onCreated: (id: string) => Promise<void>;
  onError: (text: string) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <>
      <button ref={opener} type="button" className="new-session-button" onClick={() => setOpen(true)}>
        New session…
      </button>
      <dialog
        ref={dialog}
        className="dialog new-session-dialog"
        aria-labelledby="new-session-title"
        onClose={() => {
          setOpen(false);
          opener.current?.focus();
        }}
        onClick={(e) => e.target === dialog.current && setOpen(false)}
      >
        {open && (
          <NewSessionForm
            onCreated={async (id) => {
              setOpen(false);
              await onCreated(id);
            }}
            onError={onError}
            onCancel={() => setOpen(false)}
          />
        )}
      </dialog>
    </>
  );
}

/**
 * A new session: its title, architecture and seed, and its world: the project's (`play.world`) or a world file
 * (YAML or JSON) the writer picks, checked against the world schema before anything is created.
 */
function NewSessionForm({
  onCreated,
  onError,
  onCancel,
}: {
  onCreated: (id: string) => Promise<void>;
  onError: (text: string) => void;
  onCancel: () => void;
}) {
  const transport = useTransport();
  const [title, setTitle] = useState('');
  const [architecture, setArchitecture] = useState<Architecture | ''>('');
  const [seed, setSeed] = useState('');
  const [world, setWorld] = useState<{ name: string; value: WorldState } | null>(null);
  const [worldError, setWorldError] = useState<string | null>(null);

  const pickWorld = async (file: File) => {
    try {
      const text = await file.text();
      const parsed = WorldState.safeParse(file.name.endsWith('.json') ? JSON.parse(text) : parseYaml(text));
      if (!parsed.success) {
        setWorldError(`${file.name} is not a world: ${describeIssues(parsed.error, 1)}`);
        setWorld(null);
        return;
      }
      setWorldError(null);
      setWorld({ name: file.name, value: parsed.data });
    } catch (error) {
      setWorldError(`${file.name} could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const result = await transport.invoke('sessions.create', {
      title: title.trim(),
      ...(architecture ? { architecture } : {}),
      ...(seed ? { seed: Number(seed) } : {}),
      ...(world ? { world: world.value } : {}),
    });
    if (!result.ok) return onError(result.error.message);
    setTitle('');
    await onCreated(result.value.sessionId);
  };

  return (
    <form className="new-session" onSubmit={(e) => void create(e)} aria-label="New session">
      <h2 id="new-session-title">New session</h2>
      <label>
        Title
        <input autoFocus value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} required />
      </label>
      <EnumSelect
        label="Planning"
        value={architecture}
        options={Architecture.options}
        none="Project default"
        onChange={setArchitecture}
      />
      <label>
        Seed
        <input
          inputMode="numeric"
          pattern="[0-9]*"
          value={seed}
          onChange={(e) => setSeed(e.target.value)}
          placeholder="Project default"
        />
      </label>
      <label>
        World file
        <input
          type="file"
          accept=".yaml,.yml,.json"
          onChange={(e) => e.target.files?.[0] && void pickWorld(e.target.files[0])}
        />
      </label>
      <p className="muted-inline">
        {world ? `World: ${world.value.title} (${world.name})` : 'World: the project’s play.world'}. Model: as set in
        the Models tab.
      </p>
      <ErrorBanner message={worldError} />
      <div className="dialog-actions">
        <button type="button" className="button-secondary" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" disabled={!title.trim() || Boolean(worldError)}>
          Start session
        </button>
      </div>
    </form>
  );
}
