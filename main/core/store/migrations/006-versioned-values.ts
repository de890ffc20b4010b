import type { Migration } from './migration';

/**
 * Sealed values now lead with their format (store/sealed-values.ts), which builds before this one would read as
 * broken JSON. No table changes: this step only moves the schema version on, so an older build refuses the file
 * as written by a newer version, untouched, instead of failing on its values one by one.
 */
export const versionedValues: Migration = {
  version: 6,
  name: 'versioned sealed values',
  up: () => {},
};
