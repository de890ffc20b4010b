import { z } from 'zod';
import { AppError } from '../../../shared/ipc/result';
import { modelRefOf } from '../../../shared/schemas/model-ref';
import { DEFAULT_MODEL_SETUP, keyIdOf, ModelSetup, type KeyInfo } from '../../../shared/schemas/models';
import { PriceTable } from '../../../shared/schemas/prices';
import type { MasterKey } from './crypto';
import type { Db } from './open-database';

const SETUP = 'models';
const PRICES = 'prices';
const keyPlace = (id: string) => `api-key/${id}`;

/** The last characters of a key, for a masked display: enough to tell two keys apart, useless to anyone. */
export const keyHint = (key: string) => `…${key.slice(-4)}`;

/**
 * The model setup and API keys, in the session database: the setup as JSON, each key sealed by the master key
 * (so a copied database without its key file or keychain gives nothing away). A key is read back only to call
 * its provider; it never leaves the core.
 */
export class ModelConfig {
  constructor(
    private readonly db: Db,
    private readonly masterKey: MasterKey,
    private readonly now: () => Date = () => new Date(),
  ) {}

  setup(): ModelSetup {
    const row = this.db.prepare('SELECT value FROM app_settings WHERE name = ?').get(SETUP) as
      { value: string } | undefined;
    if (!row) return DEFAULT_MODEL_SETUP;
    const parsed = ModelSetup.safeParse(JSON.parse(row.value));
    // A setup this version cannot read (written by a newer one, or edited by hand) falls back to the default.
    return parsed.success ? parsed.data : DEFAULT_MODEL_SETUP;
  }

  saveSetup(setup: ModelSetup): ModelSetup {
    const parsed = ModelSetup.parse(setup);
    this.db
      .prepare(
        'INSERT INTO app_settings (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value',
      )
      .run(SETUP, JSON.stringify(parsed));
    return parsed;
  }

  /** The price table; empty until one is saved, and empty again if the stored one cannot be read. */
  prices(): PriceTable {
    const row = this.db.prepare('SELECT value FROM app_settings WHERE name = ?').get(PRICES) as
      { value: string } | undefined;
    const parsed = row ? PriceTable.safeParse(JSON.parse(row.value)) : null;
    return parsed?.success ? parsed.data : {};
  }

  /**
   * Replaces the price table. A price names a model of the setup, or one priced before (a model the setup no
   * longer asks keeps its price for the turns it played); any other name is refused, naming it.
   */
  savePrices(prices: PriceTable): PriceTable {
    const parsed = PriceTable.parse(prices);
    const setup = this.setup();
    const known = new Set([
      ...[setup.default, ...Object.values(setup.agents)].map((settings) => modelRefOf(settings).name),
      ...Object.keys(this.prices()),
    ]);
    const unknown = Object.keys(parsed).find((name) => !known.has(name));
    if (unknown !== undefined)
      throw new AppError(
        'BAD_INPUT',
        `${z.core.toDotPath(['prices', unknown])}: no model of the saved setup is named “${unknown}” (its models: ${[...known].sort().join(', ')}).`,
      );
    this.db
      .prepare(
        'INSERT INTO app_settings (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value',
      )
      .run(PRICES, JSON.stringify(parsed));
    return parsed;
  }

  keys(): KeyInfo[] {
    return (
      this.db.prepare('SELECT id, hint, updated_at FROM api_keys ORDER BY id').all() as {
        id: string;
        hint: string;
        updated_at: string;
      }[]
    ).map((row) => ({ id: row.id, hint: row.hint, updatedAt: row.updated_at }));
  }

  setKey(id: string, key: string): KeyInfo {
    const trimmed = key.trim();
    if (!trimmed) throw new AppError('BAD_INPUT', 'The key is empty.');
    const updatedAt = this.now().toISOString();
    this.db
      .prepare(
        'INSERT INTO api_keys (id, key_sealed, hint, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET key_sealed = excluded.key_sealed, hint = excluded.hint, updated_at = excluded.updated_at',
      )
      .run(id, this.masterKey.wrap(Buffer.from(trimmed, 'utf8'), keyPlace(id)), keyHint(trimmed), updatedAt);
    return { id, hint: keyHint(trimmed), updatedAt };
  }

  deleteKey(id: string): void {
    this.db.prepare('DELETE FROM api_keys WHERE id = ?').run(id);
  }

  /** The key a provider's settings call with, if one is stored for its provider and endpoint. */
  keyFor(settings: Parameters<typeof keyIdOf>[0]): string | undefined {
    const id = keyIdOf(settings);
    return id ? this.key(id) : undefined;
  }

  /** The key itself, for a provider call; undefined when none is stored. */
  key(id: string): string | undefined {
    const row = this.db.prepare('SELECT key_sealed FROM api_keys WHERE id = ?').get(id) as
      { key_sealed: Buffer } | undefined;
    return row ? this.masterKey.unwrap(row.key_sealed, keyPlace(id)).toString('utf8') : undefined;
  }
}
