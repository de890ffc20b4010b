import { loadPromptSet, type PromptFiles } from '../../prompts/prompt-files';
import { lintPromptSet, previewPromptSet } from '../../planning/agents/prompt-preview';
import { placeholderDocs } from '../../prompts/placeholders';
import type { Handlers } from '../dispatcher';

type PromptMethods =
  'prompts.list' | 'prompts.read' | 'prompts.write' | 'prompts.preview' | 'prompts.lint' | 'prompts.placeholders';

export function promptHandlers(files: PromptFiles): Pick<Handlers, PromptMethods> {
  return {
    'prompts.list': () => files.list(),
    'prompts.read': ({ name }) => files.read(name),
    'prompts.write': ({ name, content, baseVersion }) => files.write(name, content, baseVersion),
    'prompts.preview': async ({ target, overrides }) => previewPromptSet(await loadPromptSet(files, overrides), target),
    'prompts.lint': async ({ overrides }) => ({ diagnostics: lintPromptSet(await loadPromptSet(files, overrides)) }),
    'prompts.placeholders': () => ({ placeholders: placeholderDocs() }),
  };
}
