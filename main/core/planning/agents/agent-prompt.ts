import type { PreviewTarget } from '../../../../shared/schemas/prompt-preview';
import { AppError } from '../../../../shared/ipc/result';
import type { ModelContext } from '../../models/model';
import { buildPrompt } from '../../prompts/prompt-builder';
import { RUNTIME_PLACEHOLDERS, STABLE_RUNTIME } from '../../prompts/runtime-placeholders';
import { TARGETS } from './prompt-targets';

/** A runtime value of a prompt, from the structured context the model is also given: its row's `value`. */
export function runtimeValue(name: string, context: ModelContext): string {
  const row = RUNTIME_PLACEHOLDERS.get(name);
  // A target lists only names of the table (RuntimeName), so a slot without a row is a bug of ours.
  if (!row) throw new AppError('INTERNAL', `no runtime placeholder ${name}`);
  return row.value(context);
}

/** A runtime value's stand-in while a template is compiled, between two private-use characters: never in a file. */
export const runtimeSlot = (name: string) => `\uE000${name}\uE001`;
/** Where a re-ask's note starts: after the prompt, the refusal it answers. */
export const REFUSAL_HEADING = '\n## Your previous answer was refused\n';
const SLOT = /\uE000([A-Z][A-Z0-9_]*)\uE001/;

// A prompt set and target compile once into text and runtime slots; a turn only fills the slots in.
const compiled = new WeakMap<ReadonlyMap<string, string>, Map<PreviewTarget, string[]>>();

function templateOf(prompts: ReadonlyMap<string, string>, target: PreviewTarget): string[] {
  let byTarget = compiled.get(prompts);
  if (!byTarget) compiled.set(prompts, (byTarget = new Map()));
  let parts = byTarget.get(target);
  if (!parts) {
    const spec = TARGETS[target];
    const slots = Object.fromEntries(spec.runtime.map((name) => [name, runtimeSlot(name)]));
    // Odd parts are runtime names, even parts are text.
    parts = buildPrompt({ entry: spec.entry, files: prompts, schemas: spec.schemas, runtime: slots }).text.split(SLOT);
    byTarget.set(target, parts);
  }
  return parts;
}

/** A target's prompt as sent: the project's prompt files with its schemas, tools and this turn's values. */
export function buildAgentPrompt(
  prompts: ReadonlyMap<string, string>,
  target: PreviewTarget,
  context: ModelContext,
  feedback?: string,
): string {
  const parts = templateOf(prompts, target);
  const text = parts.map((part, i) => (i % 2 ? runtimeValue(part, context) : part)).join('');
  if (!feedback) return text;
  return `${text}${REFUSAL_HEADING}\n${feedback}\n\nAnswer again, following the schema and using only your own tools.\n`;
}

/**
 * How many characters a target's prompt starts with that are the same on every turn of a session: its text and
 * stable runtime values (the world's setting) up to the first turn-specific value. A KV cache or a provider's
 * prompt cache can keep them.
 */
export function stablePrefixChars(
  prompts: ReadonlyMap<string, string>,
  target: PreviewTarget,
  context: ModelContext,
): number {
  const parts = templateOf(prompts, target);
  let chars = parts[0]!.length;
  for (let i = 1; i < parts.length && STABLE_RUNTIME.has(parts[i]!); i += 2)
    chars += runtimeValue(parts[i]!, context).length + parts[i + 1]!.length;
  return chars;
}
