/** One step of the schema, applied once, in order, inside the opening transaction. */
export interface Migration {
  /** 1, 2, 3…: `PRAGMA user_version` after it is applied. */
  version: number;
  name: string;
  sql: string;
}
