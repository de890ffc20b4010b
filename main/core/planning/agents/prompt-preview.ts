import type { MethodOutput } from '../../../../shared/ipc/contract';
import { AppError } from '../../../../shared/ipc/result';
import type { Diagnostic, PreviewTarget } from '../../../../shared/schemas/prompt-preview';
import { lintPrompts } from '../../prompts/lint';
import { KNOWN_PLACEHOLDERS } from '../../prompts/placeholders';
import { buildPrompt, INCLUDE_LINE } from '../../prompts/prompt-builder';
import { parsePromptSource } from '../../prompts/prompt-source';
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
 * For each prompt file, the targets whose prompt it is part of, the one it belongs to first: the target it is the
 * entry of, then the one its front matter's `agent` names (a target's key, or the agent in its label), then every
 * target whose prompt includes it. The preview follows the file a designer opens.
 */
export function targetsOfFiles(set: ReadonlyMap<string, string>): Record<string, PreviewTarget[]> {
  const targets = Object.keys(TARGETS) as PreviewTarget[];
  const byFile: Record<string, Set<PreviewTarget>> = {};
  const add = (file: string, target: PreviewTarget) => (byFile[file] ??= new Set()).add(target);
  for (const target of targets) if (set.has(TARGETS[target].entry)) add(TARGETS[target].entry, target);
  for (const [file, content] of set) {
    const agent = parsePromptSource(file, content).frontMatter?.agent;
    const named = targets.find((t) => agent && (t === agent || TARGETS[t].label.includes(`(${agent}`)));
    if (named) add(file, named);
  }
  for (const target of targets) {
    const seen = new Set<string>();
    const walk = (file: string) => {
      const content = set.get(file);
      if (content === undefined || seen.has(file)) return;
      seen.add(file);
      add(file, target);
      for (const { text } of parsePromptSource(file, content).body) {
        const include = INCLUDE_LINE.exec(text);
        if (include) walk(include[1]!);
      }
    };
    walk(TARGETS[target].entry);
  }
  return Object.fromEntries(Object.entries(byFile).map(([file, found]) => [file, [...found]]));
}

const diagnosticKey = (d: Diagnostic) => `${d.file}:${d.line}:${d.column}:${d.code}`;

/**
 * Assembles a target's prompt as its agent would be sent it, with each runtime placeholder's sample in place of the
 * turn's value (the same table play computes them from), plus the lint of the whole set. A placeholder with no value
 * or a missing include is marked where it stands and the rest still shows; only a missing entry file leaves nothing.
 */
export async function previewPromptSet(set: ReadonlyMap<string, string>, target: PreviewTarget): Promise<Preview> {
  const spec = TARGETS[target];
  const diagnostics = lintPromptSet(set);
  const shown = { target, label: spec.label, entry: spec.entry, fileTargets: targetsOfFiles(set) };
  try {
    const { unresolved, ...built } = buildPrompt({
      entry: spec.entry,
      files: set,
      schemas: spec.schemas,
      runtime: RUNTIME_SAMPLES,
      lenient: true,
    });
    const linted = new Set(diagnostics.map(diagnosticKey));
    const extra = unresolved.filter((d) => !linted.has(diagnosticKey(d)));
    const all = [...diagnostics, ...extra].sort(
      (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column,
    );
    return { ...shown, ...built, tokenEstimate: await countTokens(built.text), diagnostics: all, error: null };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const empty = { text: '', segments: [], schemaHashes: {}, tokenEstimate: 0 };
    return { ...shown, ...empty, diagnostics, error: error.message };
  }
}
