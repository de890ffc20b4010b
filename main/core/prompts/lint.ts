import type { Diagnostic } from '../../../shared/schemas/prompt-preview';
import { INCLUDE_LINE, PLACEHOLDER } from './prompt-builder';
import { parsePromptSource, type PromptSource } from './prompt-source';
import { stableFirstDiagnostics } from './lint-stable-first';
import type { TargetSpec } from './placeholders';
import type { RuntimePlaceholder } from './runtime-placeholders';

export interface LintInput {
  files: ReadonlyMap<string, string>;
  /** Every placeholder name that has a value: registered schemas and runtime variables. */
  known: ReadonlySet<string>;
  targets: readonly TargetSpec[];
  /** The runtime variables: which are the same every turn, and which stand in for others. */
  variables: ReadonlyMap<string, Pick<RuntimePlaceholder, 'stable' | 'covers'>>;
}

/** A rule's words without markdown, case or punctuation: two phrasings that differ only there are one rule. */
export function normalizeRule(text: string): string {
  return text
    .replace(/^\s*(?:[-*•]|\d+[.)]|#{1,6})\s+/, '')
    .replace(/[*_`"'“”‘’]/g, '')
    .replace(/[.,;:!?]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Sentences and bullets of a body, with where each starts. Short fragments (headings, labels) are not rules. */
function rulesOf(source: PromptSource): { text: string; line: number; column: number }[] {
  const rules: { text: string; line: number; column: number }[] = [];
  for (const { text, line } of source.body) {
    // Table rows and headings are structure, not rules.
    if (text.trim().startsWith('|') || INCLUDE_LINE.test(text) || /^\s*#/.test(text)) continue;
    let column = 1;
    for (const sentence of text.split(/(?<=[.!?])\s+/)) {
      const normalized = normalizeRule(sentence.replace(PLACEHOLDER, ''));
      if (normalized.split(' ').length >= 6) rules.push({ text: normalized, line, column });
      column += sentence.length + 1;
    }
  }
  return rules;
}

/**
 * Checks a prompt set: front matter, unknown placeholders, includes that are missing or form a cycle,
 * placeholders a target requires but never reaches, turn-specific values before stable parts, and a rule written
 * in more than one file.
 */
export function lintPrompts(input: LintInput): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const sources = new Map([...input.files].map(([name, content]) => [name, parsePromptSource(name, content)]));
  const includes = new Map<string, { target: string; line: number; column: number }[]>();

  for (const source of sources.values()) {
    diagnostics.push(...source.diagnostics);
    const own: { target: string; line: number; column: number }[] = [];
    for (const { text, line } of source.body) {
      const include = INCLUDE_LINE.exec(text);
      if (include) {
        const target = include[1]!;
        const column = text.indexOf(target) + 1;
        own.push({ target, line, column });
        if (!input.files.has(target)) {
          diagnostics.push({
            file: source.name,
            line,
            column,
            severity: 'error',
            code: 'MISSING_INCLUDE',
            message: `Includes ${target}, which is not in prompts/`,
          });
        }
        continue;
      }
      for (const match of text.matchAll(PLACEHOLDER)) {
        if (!input.known.has(match[1]!)) {
          diagnostics.push({
            file: source.name,
            line,
            column: match.index + 1,
            severity: 'error',
            code: 'UNKNOWN_PLACEHOLDER',
            message: `{{${match[1]}}} is neither a registered schema nor a runtime value (known: ${[...input.known].join(', ')})`,
          });
        }
      }
    }
    includes.set(source.name, own);
  }

  // Include cycles: report each include that closes one, once.
  const reported = new Set<string>();
  const visit = (name: string, stack: string[]) => {
    for (const edge of includes.get(name) ?? []) {
      const at = stack.indexOf(edge.target);
      if (at >= 0) {
        const key = `${name}:${edge.line}`;
        if (!reported.has(key)) {
          reported.add(key);
          diagnostics.push({
            file: name,
            line: edge.line,
            column: edge.column,
            severity: 'error',
            code: 'INCLUDE_CYCLE',
            message: `Include cycle: ${[...stack.slice(at), edge.target].join(' → ')}`,
          });
        }
      } else if (includes.has(edge.target)) {
        visit(edge.target, [...stack, edge.target]);
      }
    }
  };
  for (const name of includes.keys()) visit(name, [name]);

  // Placeholders each target requires, somewhere in its include closure.
  for (const target of input.targets) {
    if (!sources.has(target.entry)) {
      diagnostics.push({
        file: target.entry,
        line: 1,
        column: 1,
        severity: 'error',
        code: 'MISSING_INCLUDE',
        message: `The ${target.label} prompt ${target.entry} is missing`,
      });
      continue;
    }
    const used = new Set<string>();
    const seen = new Set<string>();
    const walk = (name: string) => {
      if (seen.has(name)) return;
      seen.add(name);
      for (const { text } of sources.get(name)?.body ?? [])
        for (const match of text.matchAll(PLACEHOLDER)) used.add(match[1]!);
      for (const edge of includes.get(name) ?? []) walk(edge.target);
    };
    walk(target.entry);
    const available = new Set<string>([...target.schemas.keys(), ...target.runtime]);
    for (const name of used) {
      if (input.known.has(name) && !available.has(name)) {
        diagnostics.push({
          file: target.entry,
          line: 1,
          column: 1,
          severity: 'error',
          code: 'UNAVAILABLE_PLACEHOLDER',
          message: `The ${target.label} prompt uses {{${name}}}, which has no value for it (it has ${[...available].join(', ')})`,
        });
      }
    }
    const covered = new Set<string>([...used].flatMap((name) => input.variables.get(name)?.covers ?? []));
    for (const required of target.requires) {
      if (!used.has(required) && !covered.has(required)) {
        diagnostics.push({
          file: target.entry,
          line: 1,
          column: 1,
          severity: 'error',
          code: 'MISSING_PLACEHOLDER',
          message: `The ${target.label} prompt never uses {{${required}}}, directly or through its includes`,
        });
      }
    }
  }

  // Files shared by several targets (the protocols) are reported once, for the first target that trips on them.
  const stableRuntime = new Set([...input.variables].filter(([, v]) => v.stable).map(([name]) => name));
  const ordered = new Set<string>();
  for (const target of input.targets) {
    for (const diagnostic of stableFirstDiagnostics(target, sources, stableRuntime)) {
      const key = `${diagnostic.file}:${diagnostic.line}:${diagnostic.column}`;
      if (!ordered.has(key)) diagnostics.push(diagnostic);
      ordered.add(key);
    }
  }

  // The same rule in two files: the seed's duplication map, as a check.
  const firstSeen = new Map<string, { file: string; line: number; column: number }>();
  for (const source of sources.values()) {
    for (const rule of rulesOf(source)) {
      const first = firstSeen.get(rule.text);
      if (!first) firstSeen.set(rule.text, { file: source.name, line: rule.line, column: rule.column });
      else if (first.file !== source.name) {
        diagnostics.push({
          file: source.name,
          line: rule.line,
          column: rule.column,
          severity: 'warning',
          code: 'DUPLICATE_RULE',
          message: `This rule is also written in ${first.file}:${first.line}; keep it in one file and include that file`,
        });
      }
    }
  }

  return diagnostics.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}
