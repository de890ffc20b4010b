import type { Migration } from './migration';

/**
 * Replay looks answers up by request across the whole database: by the exact model and settings
 * (`request_hash`), or by the question alone (`prompt_hash`, for replay with no model named). Exchanges
 * recorded before this have no question hash and are found by request only.
 */
export const replayLookup: Migration = {
  version: 2,
  name: 'replay lookup',
  sql: `
    ALTER TABLE model_exchanges ADD COLUMN prompt_hash TEXT;
    CREATE INDEX model_exchanges_by_request ON model_exchanges(request_hash);
    CREATE INDEX model_exchanges_by_prompt ON model_exchanges(prompt_hash);
  `,
};
