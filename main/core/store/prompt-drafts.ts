import { PromptDraft } from '../../../shared/ipc/draft-methods';
import { MAX_PROMPT_DRAFTS } from '../../../shared/ipc/prompt-text';
import { AppError } from '../../../shared/ipc/result';
import type { Db } from './open-database';

/** Where a draft's row is kept: app settings named by the project (quoted, so one folder's name cannot be the start of
 * another's) and file, so two projects never see each other's. */
const prefixOf = (project: string) => `prompt-draft/${JSON.stringify(project)}/`;

/**
 * A project's unsaved prompt edits, in the session database's app settings (one row a file, plain JSON as the
 * prompt files themselves are plain): the host keeps them, so they outlive the page, a reload, and a restart of
 * the host on another port (the browser's own storage is per origin, and the port may change).
 */
export class PromptDraftRoom {
  constructor(
    private readonly db: Db,
    private readonly project: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): PromptDraft[] {
    const prefix = prefixOf(this.project);
    const rows = this.db
      .prepare('SELECT value FROM app_settings WHERE substr(name, 1, length(?)) = ? ORDER BY name')
      .all(prefix, prefix) as { value: string }[];
    // A row this version cannot read (a newer format, a hand edit) is left out rather than failing the list.
    return rows.flatMap((row) => {
      const parsed = PromptDraft.safeParse(JSON.parse(row.value));
      return parsed.success ? [parsed.data] : [];
    });
  }

  keep(draft: Omit<PromptDraft, 'savedAt'>): PromptDraft {
    const name = prefixOf(this.project) + draft.name;
    const exists = this.db.prepare('SELECT 1 FROM app_settings WHERE name = ?').get(name);
    if (!exists && this.list().length >= MAX_PROMPT_DRAFTS)
      throw new AppError(
        'BAD_INPUT',
        `drafts.keep: at most ${MAX_PROMPT_DRAFTS} prompt drafts are kept; save some first`,
      );
    const kept = PromptDraft.parse({ ...draft, savedAt: this.now().toISOString() });
    this.db
      .prepare(
        'INSERT INTO app_settings (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value',
      )
      .run(name, JSON.stringify(kept));
    return kept;
  }

  drop(file: string): boolean {
    return this.db.prepare('DELETE FROM app_settings WHERE name = ?').run(prefixOf(this.project) + file).changes > 0;
  }
}
