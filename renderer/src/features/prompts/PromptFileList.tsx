import type { MethodOutput } from '../../../../shared/ipc/contract';

type FileInfo = MethodOutput<'prompts.list'>['files'][number];
type FolderProblem = MethodOutput<'prompts.list'>['problems'][number];

interface Props {
  files: FileInfo[];
  /** What under the prompts folder could not be listed, shown under the files so nothing vanishes unexplained. */
  problems: FolderProblem[];
  selected: string | null;
  dirty: ReadonlySet<string>;
  /** Files whose unsaved text was restored from before a reload or restart. */
  restored: ReadonlySet<string>;
  onOpen(name: string): void;
}

const labelOf = (name: string, dirty: boolean, restored: boolean) =>
  restored ? `${name} (restored draft, unsaved)` : dirty ? `${name} (unsaved changes)` : name;

export function PromptFileList({ files, problems, selected, dirty, restored, onOpen }: Props) {
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
                aria-label={labelOf(file.name, dirty.has(file.name), restored.has(file.name))}
                onClick={() => onOpen(file.name)}
              >
                <span className="file-name">{file.name}</span>
                {restored.has(file.name) && (
                  <span className="restored-marker" aria-hidden="true">
                    restored draft
                  </span>
                )}
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
      {problems.length > 0 && (
        <section className="folder-problems" aria-label="Not listed">
          <h3>Not listed</h3>
          <ul>
            {problems.map((problem) => (
              <li key={problem.path}>
                <code>prompts/{problem.path}</code>: {problem.message}
              </li>
            ))}
          </ul>
        </section>
      )}
    </nav>
  );
}
