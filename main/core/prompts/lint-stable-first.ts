import type { Diagnostic } from '../../../shared/schemas/prompt-preview';
import { INCLUDE_LINE, PLACEHOLDER } from './prompt-builder';
import type { PromptSource } from './prompt-source';
import type { TargetSpec } from './placeholders';

/** A placeholder where it stands in a prompt file. */
export interface PlaceholderAt {
  name: string;
  file: string;
  line: number;
  column: number;
}

/**
 * The placeholders of a target's prompt in the order the assembled prompt has them: each include expanded where
 * it stands, as the builder does. Missing includes and cycles are reported by other checks; here they are skipped.
 */
export function placeholdersInOrder(entry: string, sources: ReadonlyMap<string, PromptSource>): PlaceholderAt[] {
  const found: PlaceholderAt[] = [];
  const expand = (name: string, stack: readonly string[]) => {
    const source = sources.get(name);
    if (!source || stack.includes(name)) return;
    for (const { text, line } of source.body) {
      const include = INCLUDE_LINE.exec(text);
      if (include) expand(include[1]!, [...stack, name]);
      else
        for (const match of text.matchAll(PLACEHOLDER))
          found.push({ name: match[1]!, file: name, line, column: match.index + 1 });
    }
  };
  expand(entry, []);
  return found;
}

/**
 * Turn-specific values that come before a stable part (a schema, a tool list, a stable runtime value such as the
 * world's setting). A model's KV cache and a provider's prompt cache keep only a prompt's unchanged start, so
 * everything after the first value that changes is read again on every turn: stable text placed there is paid
 * for again each time. The prompt still works, so this is a warning.
 */
export function stableFirstDiagnostics(
  target: TargetSpec,
  sources: ReadonlyMap<string, PromptSource>,
  stableRuntime: ReadonlySet<string>,
): Diagnostic[] {
  const order = placeholdersInOrder(target.entry, sources);
  const runtime: ReadonlySet<string> = new Set(target.runtime);
  const isStable = (name: string) => target.schemas.has(name) || (stableRuntime.has(name) && runtime.has(name));
  let lastStable = -1;
  order.forEach((at, i) => {
    if (isStable(at.name)) lastStable = i;
  });
  if (lastStable < 0) return [];
  const anchor = order[lastStable]!;
  return order
    .slice(0, lastStable)
    .filter((at) => runtime.has(at.name) && !stableRuntime.has(at.name))
    .map((at) => ({
      file: at.file,
      line: at.line,
      column: at.column,
      severity: 'warning' as const,
      code: 'TURN_VALUE_BEFORE_STABLE' as const,
      message: `{{${at.name}}} changes every turn but comes before {{${anchor.name}}} (${anchor.file}:${anchor.line}) in the ${target.label} prompt: everything after it is read again each turn, so the agent's cache of the stable part is lost. Put the turn's values after the schemas, tools and {{WORLD_SETTING}}.`,
    }));
}
