import type Database from 'better-sqlite3';
import type { Db } from './open-database';
import type { SessionKeys } from './session-keys';

/**
 * What every room of the store works over: the open database, its statements (each prepared once), the
 * sessions' keys and the clock. A room is one concern (sessions, timeline, turns, audit…), small, over this.
 */
export interface StoreRoom {
  readonly db: Db;
  sql(text: string): Database.Statement;
  readonly keys: SessionKeys;
  now(): Date;
}

export function storeRoom(db: Db, keys: SessionKeys, now: () => Date): StoreRoom {
  const statements = new Map<string, Database.Statement>();
  return {
    db,
    keys,
    now,
    sql(text) {
      let statement = statements.get(text);
      if (!statement) {
        statement = db.prepare(text);
        statements.set(text, statement);
      }
      return statement;
    },
  };
}
