import type Database from 'better-sqlite3';

/**
 * One step of the schema, applied once, in order, inside the opening transaction: SQL, or a function for a step
 * SQL cannot say (reshaping clear JSON, moving rows by a rule). A function runs inside the same transaction, so
 * a step that throws leaves the file as it was. It gets no key: sealed values are upgraded as they are opened,
 * by their kind's upgrades (store/sealed-values.ts), since a database holds sessions sealed with keys a host may
 * not have.
 */
export type Migration = {
  /** 1, 2, 3…: `PRAGMA user_version` after it is applied. */
  version: number;
  name: string;
} & ({ sql: string } | { up: (db: Database.Database) => void });
