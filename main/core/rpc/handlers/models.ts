import path from 'node:path';
import type { Handlers } from '../dispatcher';
import { AppError } from '../../../../shared/ipc/result';
import { defaultThreads } from '../../models/llama-cpp/threads';
import type { ModelConfig } from '../../store/model-settings';
import { describeIssues } from '../../../../shared/schemas/zod-issues';
import { detectModels, LoopbackUrl, testModel } from '../../models/probe';

type ModelMethods =
  | 'models.get'
  | 'models.set'
  | 'models.setKey'
  | 'models.deleteKey'
  | 'models.test'
  | 'models.detect'
  | 'models.prices'
  | 'models.setPrices';

/** The Models panel's methods: the setup, sealed keys (never sent back), this machine's threads, a connection test, detection. */
export function modelHandlers(config: ModelConfig, onChange: () => void): Pick<Handlers, ModelMethods> {
  return {
    'models.get': () => ({ setup: config.setup(), keys: config.keys(), localThreads: defaultThreads() }),
    'models.set': ({ setup }) => {
      const saved = config.saveSetup(setup);
      onChange();
      return { setup: saved };
    },
    'models.prices': () => ({ prices: config.prices() }),
    'models.setPrices': ({ prices }) => ({ prices: config.savePrices(prices) }),
    'models.setKey': ({ id, key }) => config.setKey(id, key),
    'models.deleteKey': ({ id }) => {
      config.deleteKey(id);
      return {};
    },
    'models.test': ({ settings }) => testModel(settings, config.keyFor(settings)),
    'models.detect': async ({ folder, ollamaUrl }) => {
      let url: string | undefined;
      if (ollamaUrl !== undefined) {
        const parsed = LoopbackUrl.safeParse(ollamaUrl);
        if (!parsed.success)
          throw new AppError('BAD_INPUT', `models.detect: ollamaUrl: ${describeIssues(parsed.error)}`);
        url = parsed.data;
      }
      if (folder !== undefined && !path.isAbsolute(folder))
        throw new AppError('BAD_INPUT', 'models.detect: the folder must be an absolute path');
      return detectModels({ ...(folder ? { folder } : {}), ...(url ? { ollamaUrl: url } : {}) });
    },
  };
}
