import type { MethodOutput } from '../../../../shared/ipc/contract';

type FileInfo = MethodOutput<'prompts.list'>['files'][number];

interface Props {
  files: FileInfo[];
  selected: string | null;
  dirty: ReadonlySet<string>;
  onOpen(name: string): void;
}

export function PromptFileList({ files, selected, dirty, onOpen }: Props) {
  return (
    <nav className="file-list" aria-label="Prompt files">
      <h2>Prompts</h2>
      {files.length === 0 ? (
        <p className="muted">No prompt files in this project yet.</p>
      ) : (
        <ul>
          {files.map((file) => (
            <li key={file.name}>
              <button
                type="button"
                aria-current={file.name === selected ? 'true' : undefined}
                aria-label={dirty.has(file.name) ? `${file.name} (unsaved changes)` : file.name}
                onClick={() => onOpen(file.name)}
              >
                <span className="file-name">{file.name}</span>
                {dirty.has(file.name) && (
                  <span className="dirty-marker" aria-hidden="true">
                    ●
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
