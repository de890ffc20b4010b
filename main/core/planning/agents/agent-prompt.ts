import type { PreviewTarget } from '../../../../shared/schemas/prompt-preview';
import type { HistoryEntry } from '../../../../shared/schemas/session-state';
import type { ModelContext } from '../../models/model';
import { buildPrompt } from '../../prompts/prompt-builder';
import { STABLE_RUNTIME, TARGETS } from '../../prompts/placeholders';
import { worldNowText, worldSettingText, worldStateText } from '../../prompts/world-text';

function historyText(history: readonly HistoryEntry[]): string {
  if (!history.length) return '(This is the first turn.)';
  return history
    .slice(-6)
    .map((turn) => `Turn ${turn.index + 1} (${turn.mode}): ${turn.input}\n${turn.narrative.slice(0, 400)}`)
    .join('\n\n');
}

const RUNTIME: Record<string, (context: ModelContext) => string> = {
  WORLD_SETTING: (context) => worldSettingText(context.world),
  WORLD_NOW: (context) => worldNowText(context.world),
  WORLD_STATE: (context) => worldStateText(context.world),
  HISTORY: (context) => historyText(context.history),
  PLAYER_INPUT: (context) => context.input || '(no input)',
  MODE: (context) => context.mode,
  TASK: (context) => JSON.stringify(context.task ?? { objective: 'Plan your part of this turn.', inputs: {} }, null, 2),
  // The plans are long and machine-made: compact JSON keeps the narrator's prompt (and its token bill) small.
  AGENT_PLANS: (context) => JSON.stringify(context.plans ?? {}),
};

/** A runtime value of a prompt, from the structured context the model is also given. */
export function runtimeValue(name: string, context: ModelContext): string {
  const value = RUNTIME[name];
  if (!value) throw new Error(`no runtime value ${name}`);
  return value(context);
}

/** A runtime value's stand-in while a template is compiled, between two private-use characters. */
const slot = (name: string) => `\uE000${name}\uE001`;
const SLOT = /\uE000([A-Z][A-Z0-9_]*)\uE001/;

// A prompt set and target compile once into text and runtime slots; a turn only fills the slots in.
const compiled = new WeakMap<ReadonlyMap<string, string>, Map<PreviewTarget, string[]>>();

function templateOf(prompts: ReadonlyMap<string, string>, target: PreviewTarget): string[] {
  let byTarget = compiled.get(prompts);
  if (!byTarget) compiled.set(prompts, (byTarget = new Map()));
  let parts = byTarget.get(target);
  if (!parts) {
    const spec = TARGETS[target];
    const slots = Object.fromEntries(spec.runtime.map((name) => [name, slot(name)]));
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
  return `${text}\n## Your previous answer was refused\n\n${feedback}\n\nAnswer again, following the schema and using only your own tools.\n`;
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
