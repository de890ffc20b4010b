import type { MethodOutput } from '../../../shared/ipc/contract';
import { AppError } from '../../../shared/ipc/result';
import type { PreviewTarget } from '../../../shared/schemas/prompt-preview';
import { lintPrompts } from './lint';
import { buildPrompt } from './prompt-builder';
import type { PromptFiles } from './prompt-files';
import { checkPromptName } from './prompt-path';
import { countTokens } from './token-count';
import { AGENT_INJECTIONS, KNOWN_PLACEHOLDERS, RUNTIME_VARIABLES, SCHEMAS, TARGETS } from './placeholders';

type Preview = MethodOutput<'prompts.preview'>;

const SAMPLES = Object.fromEntries([...RUNTIME_VARIABLES.values()].map((v) => [v.name, v.sample]));

/** The project's prompt files as they are on disk, with the editor's unsaved text laid over them. */
export async function loadPromptSet(files: PromptFiles, overrides: Readonly<Record<string, string>> = {}): Promise<Map<string, string>> {
  const set = await files.readAll();
  for (const [name, content] of Object.entries(overrides)) {
    checkPromptName(name); // unsaved text never touches the disk, but its name obeys the same rules
    set.set(name, content);
  }
  return set;
}

export function lintPromptSet(set: ReadonlyMap<string, string>) {
  return lintPrompts({ files: set, known: KNOWN_PLACEHOLDERS, targets: Object.values(TARGETS), variables: RUNTIME_VARIABLES });
}

/** Assembles a target's prompt with sample runtime values, plus the lint of the whole set. */
export async function previewPromptSet(set: ReadonlyMap<string, string>, target: PreviewTarget): Promise<Preview> {
  const spec = TARGETS[target];
  const diagnostics = lintPromptSet(set);
  try {
    const built = buildPrompt({ entry: spec.entry, files: set, schemas: spec.schemas, runtime: SAMPLES });
    return { target, label: spec.label, entry: spec.entry, ...built, tokenEstimate: await countTokens(built.text), diagnostics, error: null };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { target, label: spec.label, entry: spec.entry, text: '', segments: [], schemaHashes: {}, tokenEstimate: 0, diagnostics, error: error.message };
  }
}

export const placeholderDocs = () => [
  ...[...SCHEMAS.values()].map((s) => ({ name: s.name, kind: 'schema' as const, description: `${s.description} (hash ${s.hash})` })),
  ...AGENT_INJECTIONS.map((s) => ({ ...s, kind: 'schema' as const })),
  ...[...RUNTIME_VARIABLES.values()].map((v) => ({ name: v.name, kind: 'runtime' as const, description: v.description })),
];
