import type { Migration } from './migration';

/**
 * The keyed audit scheme (store/audit-keyed.ts). Every session already in the file is marked as under the old,
 * weaker scheme (`audit_scheme` 'sha256': a plain SHA-256 chain, which anyone holding the file can rehash after
 * changing it) and keeps verifying as it was written; sessions made from now on are 'hmac-sha256' and carry
 * their audit head sealed in `audit_head_sealed`. The mark is only a label for reading the file without keys:
 * a keyed session's wrapped key says so too, so moving one back to 'sha256' is caught.
 */
export const keyedAudit: Migration = {
  version: 8,
  name: 'keyed audit',
  sql: `
    ALTER TABLE sessions ADD COLUMN audit_scheme TEXT NOT NULL DEFAULT 'sha256'
      CHECK (audit_scheme IN ('sha256', 'hmac-sha256'));
    ALTER TABLE sessions ADD COLUMN audit_head_sealed BLOB;
  `,
};
