import { AppError } from '../../../shared/ipc/result';
import type { Diagnostic, Segment } from '../../../shared/schemas/prompt-preview';
import { parsePromptSource } from './prompt-source';
import { KNOWN_PLACEHOLDERS, type InjectedSchema } from './placeholders';

/** `{{include:planning_protocol.md}}` on a line of its own pulls in another prompt file there. */
export const INCLUDE_LINE = /^\s*\{\{\s*include:\s*([^}\s]+)\s*\}\}\s*$/;
/** `{{NAME}}`: a registered schema or a runtime value. */
export const PLACEHOLDER = /\{\{\s*([A-Z][A-Z0-9_]*)\s*\}\}/g;

export interface BuildInput {
  entry: string;
  files: ReadonlyMap<string, string>;
  schemas: ReadonlyMap<string, InjectedSchema>;
  runtime: Readonly<Record<string, string>>;
  /**
   * The preview's mode: a placeholder with no value, a missing include or an include cycle is left in place as
   * written, marked, and reported, and the rest is assembled. Play never sets it: a turn refuses such a prompt.
   */
  lenient?: boolean;
}

export interface BuiltPrompt {
  text: string;
  segments: Segment[];
  schemaHashes: Record<string, string>;
  /** What a lenient build marked instead of refusing, one diagnostic each; always empty for a strict build. */
  unresolved: Diagnostic[];
}

/**
 * Assembles a prompt: includes expanded, schemas injected, runtime values filled in, front matter left out.
 * Every range of the result says where it came from. A placeholder with no value is an error, never "" (a lenient
 * build marks it instead).
 */
export function buildPrompt(input: BuildInput): BuiltPrompt {
  let text = '';
  const segments: Segment[] = [];
  const schemaHashes: Record<string, string> = {};
  const unresolved: Diagnostic[] = [];
  const push = (piece: string, source: Segment['source']) => {
    if (!piece) return;
    const last = segments[segments.length - 1];
    // Adjacent pieces of the same template line are one segment.
    if (
      last &&
      source.kind === 'template' &&
      last.source.kind === 'template' &&
      last.source.file === source.file &&
      last.source.line === source.line
    ) {
      last.end += piece.length;
    } else {
      segments.push({ start: text.length, end: text.length + piece.length, source });
    }
    text += piece;
  };
  // Strict: the error. Lenient: the text as written, marked, and a diagnostic at its place.
  const unfilled = (
    code: 'UNKNOWN_PLACEHOLDER' | 'UNAVAILABLE_PLACEHOLDER' | 'MISSING_INCLUDE' | 'INCLUDE_CYCLE',
    reason: string,
    written: string,
    at: { file: string; line: number; column: number },
  ) => {
    if (!input.lenient) {
      const message = code.endsWith('_PLACEHOLDER') ? `${at.file}:${at.line}: ${reason}` : reason;
      throw new AppError(code === 'MISSING_INCLUDE' ? 'NOT_FOUND' : 'BAD_INPUT', message);
    }
    const name = written.replace(/^\{\{\s*|\s*\}\}$/g, '');
    push(written, { kind: 'unresolved', file: at.file, line: at.line, name, reason });
    unresolved.push({ ...at, severity: 'error', code, message: reason });
  };

  // The entry itself missing is never lenient: there is nothing to assemble.
  if (!input.files.has(input.entry)) throw new AppError('NOT_FOUND', `No prompt named ${input.entry}`);

  const expand = (name: string, stack: string[]) => {
    const source = parsePromptSource(name, input.files.get(name)!);
    for (const { text: lineText, line } of source.body) {
      const include = INCLUDE_LINE.exec(lineText);
      if (include) {
        const target = include[1]!;
        const at = { file: name, line, column: lineText.indexOf(target) + 1 };
        const written = lineText.trim();
        if (!input.files.has(target)) {
          unfilled('MISSING_INCLUDE', `${name} includes ${target}, which does not exist`, written, at);
          push('\n', { kind: 'template', file: name, line });
        } else if (stack.includes(target) || target === name) {
          unfilled('INCLUDE_CYCLE', `Include cycle: ${[...stack, name, target].join(' → ')}`, written, at);
          push('\n', { kind: 'template', file: name, line });
        } else {
          expand(target, [...stack, name]);
        }
        continue;
      }
      let at = 0;
      for (const match of lineText.matchAll(PLACEHOLDER)) {
        push(lineText.slice(at, match.index), { kind: 'template', file: name, line });
        const key = match[1]!;
        const schema = input.schemas.get(key);
        if (schema) {
          schemaHashes[key] = schema.hash;
          push(schema.text, { kind: 'schema', name: key, hash: schema.hash });
        } else if (Object.hasOwn(input.runtime, key)) {
          push(input.runtime[key]!, { kind: 'runtime', name: key });
        } else {
          const reason = `the placeholder {{${key}}} has no value`;
          // A known name this target has no value for (a narrator's {{TOOLS}}), or a name nothing fills.
          const code = KNOWN_PLACEHOLDERS.has(key) ? 'UNAVAILABLE_PLACEHOLDER' : 'UNKNOWN_PLACEHOLDER';
          unfilled(code, reason, match[0], { file: name, line, column: match.index + 1 });
        }
        at = match.index + match[0].length;
      }
      push(`${lineText.slice(at)}\n`, { kind: 'template', file: name, line });
    }
  };

  expand(input.entry, []);
  return { text, segments, schemaHashes, unresolved };
}
