import type { Migration } from './migration';

/**
 * The models a user set up, and their API keys. Settings are plain JSON (no secret is part of them); each key is
 * sealed by the master key, bound to its id, with only its last characters clear for a masked display.
 */
export const modelSettings: Migration = {
  version: 3,
  name: 'model settings',
  sql: `
    CREATE TABLE app_settings (
      name TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );
    CREATE TABLE api_keys (
      id TEXT PRIMARY KEY,
      key_sealed BLOB NOT NULL,
      hint TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
  `,
};
