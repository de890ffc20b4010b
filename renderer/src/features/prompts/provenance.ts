import { assertNever } from '../../../../shared/ipc/result';
import type { Provenance } from '../../../../shared/schemas/prompt-preview';

/** Where a part of a prompt came from, in words (a hover title). `runtime` says what the value is. */
export function describeSource(source: Provenance, runtime = 'a sample in this preview'): string {
  switch (source.kind) {
    case 'template':
      return `${source.file}, line ${source.line}`;
    case 'schema':
      return source.name === 'TOOLS'
        ? `TOOLS (hash ${source.hash}): this agent's own tools, listed from its registry`
        : `Schema ${source.name} (hash ${source.hash}), generated from the zod schema`;
    case 'runtime':
      return `Runtime value ${source.name} (${runtime})`;
    case 'unresolved':
      return `${source.file}, line ${source.line}: ${source.reason}`;
    default:
      return assertNever(source);
  }
}
