import type { MethodOutput } from '../../../../shared/ipc/contract';
import { AppError } from '../../../../shared/ipc/result';
import type { PreviewTarget } from '../../../../shared/schemas/prompt-preview';
import { lintPrompts } from '../../prompts/lint';
import { KNOWN_PLACEHOLDERS } from '../../prompts/placeholders';
import { buildPrompt } from '../../prompts/prompt-builder';
import { RUNTIME_PLACEHOLDERS, RUNTIME_SAMPLES } from '../../prompts/runtime-placeholders';
import { countTokens } from '../../prompts/token-count';
import { TARGETS } from './prompt-targets';

type Preview = MethodOutput<'prompts.preview'>;

/** Lints a prompt set against every agent's prompt: what each must use, may use, and where stable parts go. */
export function lintPromptSet(set: ReadonlyMap<string, string>) {
  return lintPrompts({
    files: set,
    known: KNOWN_PLACEHOLDERS,
    targets: Object.values(TARGETS),
    variables: RUNTIME_PLACEHOLDERS,
  });
}

/**
 * Assembles a target's prompt as its agent would be sent it, with each runtime placeholder's sample in place of the
 * turn's value (the same table play computes them from), plus the lint of the whole set.
 */
export async function previewPromptSet(set: ReadonlyMap<string, string>, target: PreviewTarget): Promise<Preview> {
  const spec = TARGETS[target];
  const diagnostics = lintPromptSet(set);
  const shown = { target, label: spec.label, entry: spec.entry };
  try {
    const built = buildPrompt({ entry: spec.entry, files: set, schemas: spec.schemas, runtime: RUNTIME_SAMPLES });
    return { ...shown, ...built, tokenEstimate: await countTokens(built.text), diagnostics, error: null };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const empty = { text: '', segments: [], schemaHashes: {}, tokenEstimate: 0 };
    return { ...shown, ...empty, diagnostics, error: error.message };
  }
}
