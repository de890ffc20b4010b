import type { PreviewTarget, Segment } from '../../../../shared/schemas/prompt-preview';
import { buildPrompt } from '../../prompts/prompt-builder';
import { REFUSAL_HEADING, runtimeSlot } from './agent-prompt';
import { TARGETS } from './prompt-targets';

/**
 * Where each part of a prompt as sent came from: the turn's prompt files are assembled again with stand-ins for
 * the runtime values, and their text is found in the prompt in order; what lies between is the runtime value.
 * Text after the template (a re-ask's refusal note) is the runtime value `FEEDBACK`. Null when the prompt was not
 * made from these files (they do not line up).
 */
export function sentProvenance(
  prompt: string,
  files: ReadonlyMap<string, string>,
  target: PreviewTarget,
): Segment[] | null {
  const spec = TARGETS[target];
  let built;
  try {
    built = buildPrompt({
      entry: spec.entry,
      files,
      schemas: spec.schemas,
      runtime: Object.fromEntries(spec.runtime.map((name) => [name, runtimeSlot(name)])),
    });
  } catch {
    return null;
  }
  const out: Segment[] = [];
  let at = 0;
  const segments = built.segments;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment.source.kind !== 'runtime') {
      const text = built.text.slice(segment.start, segment.end);
      if (!prompt.startsWith(text, at)) return null;
      out.push({ start: at, end: at + text.length, source: segment.source });
      at += text.length;
      continue;
    }
    // The value runs up to where the template's next stretch of fixed text starts.
    let next = '';
    for (let j = i + 1; j < segments.length && segments[j]!.source.kind !== 'runtime'; j++)
      next += built.text.slice(segments[j]!.start, segments[j]!.end);
    const end = next ? prompt.indexOf(next, at) : lastRuntimeEnd(prompt, at);
    if (end < 0) return null;
    if (end > at) out.push({ start: at, end, source: segment.source });
    at = end;
  }
  if (at < prompt.length) out.push({ start: at, end: prompt.length, source: { kind: 'runtime', name: 'FEEDBACK' } });
  return out;
}

/** A runtime value that ends the template runs to the end, or to a re-ask's note after it. */
function lastRuntimeEnd(prompt: string, from: number): number {
  const note = prompt.indexOf(REFUSAL_HEADING, from);
  return note < 0 ? prompt.length : note;
}
