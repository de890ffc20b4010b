import type { PromptFiles } from '../../prompts/prompt-files';
import type { Handlers } from '../dispatcher';

export function promptHandlers(files: PromptFiles): Pick<Handlers, 'prompts.list' | 'prompts.read' | 'prompts.write'> {
  return {
    'prompts.list': async () => ({ files: await files.list() }),
    'prompts.read': ({ name }) => files.read(name),
    'prompts.write': ({ name, content, baseVersion }) => files.write(name, content, baseVersion),
  };
}
