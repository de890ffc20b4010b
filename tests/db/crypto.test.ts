import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  newKey,
  open,
  openText,
  passphraseMasterKey,
  rawMasterKey,
  seal,
  type SealedPlace,
} from '../../main/core/store/crypto';
import {
  KEY_FILE_NAME,
  keyFileMasterKey,
  SEALED_KEY_FILE_NAME,
  sealedKeyFileMasterKey,
  type KeySealer,
} from '../../main/core/store/key-file';
import { AppError } from '../../shared/ipc/result';

const place: SealedPlace = { session: 's1', table: 'turns', row: 't1', column: 'result_sealed' };

describe('sealed values', () => {
  it('open to what was sealed, for any text', () => {
    const key = newKey();
    fc.assert(
      fc.property(fc.string({ maxLength: 2_000 }), (text) => openText(key, seal(key, text, place), place) === text),
    );
  });

  it('never contain the plaintext, and differ each time the same text is sealed', () => {
    const key = newKey();
    const text = "The ledger burns in Captain Odile's hands.";
    const a = seal(key, text, place);
    expect(a.includes(Buffer.from('ledger'))).toBe(false);
    expect(a.equals(seal(key, text, place))).toBe(false);
  });

  it.each([
    ['another session', { ...place, session: 's2' }],
    ['another table', { ...place, table: 'plans' }],
    ['another row', { ...place, row: 't2' }],
    ['another column', { ...place, column: 'input_sealed' }],
  ])('refuse to open when moved to %s, naming the place', (_label, elsewhere) => {
    const key = newKey();
    const sealed = seal(key, 'secret', place);
    expect(() => open(key, sealed, elsewhere)).toThrow(AppError);
    expect(() => open(key, sealed, elsewhere)).toThrow(
      `tampered with or moved (session ${elsewhere.session}, ${elsewhere.table} row ${elsewhere.row}, column ${elsewhere.column})`,
    );
  });

  it('detect any single flipped bit, and name the place', () => {
    const key = newKey();
    const sealed = seal(key, 'Tobin keeps the coin purse.', place);
    fc.assert(
      fc.property(fc.nat({ max: sealed.length * 8 - 1 }), (bit) => {
        const tampered = Buffer.from(sealed);
        tampered[bit >> 3]! ^= 1 << (bit & 7);
        expect(() => open(key, tampered, place)).toThrow(/session s1, turns row t1, column result_sealed/);
      }),
    );
  });

  it('refuse a truncated value as damaged', () => {
    expect(() => open(newKey(), Buffer.alloc(10), place)).toThrow(/is damaged/);
  });
});

describe('master keys', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'nw-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('wrap and unwrap a session key; the wrong master key is a clear error', () => {
    const dek = newKey();
    const right = rawMasterKey('keyfile', newKey());
    const wrapped = right.wrap(dek, 's1');
    expect(right.unwrap(wrapped, 's1').equals(dek)).toBe(true);
    expect(() => rawMasterKey('keyfile', newKey()).unwrap(wrapped, 's1')).toThrow(
      'Session s1 cannot be opened with this master key',
    );
    expect(() => right.unwrap(wrapped, 's2')).toThrow(AppError);
  });

  it('derive from a passphrase; a wrong passphrase is a clear error', () => {
    const dek = newKey();
    const wrapped = passphraseMasterKey('correct horse battery').wrap(dek, 's1');
    expect(passphraseMasterKey('correct horse battery').unwrap(wrapped, 's1').equals(dek)).toBe(true);
    expect(() => passphraseMasterKey('correct horse battery!').unwrap(wrapped, 's1')).toThrow(
      'cannot be opened with this passphrase',
    );
    expect(() => passphraseMasterKey('short')).toThrow('at least 8 characters');
  });

  it('keep the key file at 0600, create it once, and reuse it', () => {
    const first = keyFileMasterKey(dir);
    const file = path.join(dir, KEY_FILE_NAME);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const bytes = readFileSync(file);
    const wrapped = first.wrap(newKey(), 's1');
    expect(() => keyFileMasterKey(dir).unwrap(wrapped, 's1')).not.toThrow();
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('tighten a key file others can read, and refuse one of the wrong size', () => {
    keyFileMasterKey(dir);
    const file = path.join(dir, KEY_FILE_NAME);
    chmodSync(file, 0o644);
    keyFileMasterKey(dir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, 'not a key');
    expect(() => keyFileMasterKey(dir)).toThrow(/holds 9 bytes, not 32/);
  });

  // The desktop app seals its key with the OS keychain (Electron's safeStorage, which cannot run here); a sealer
  // of AES-GCM under its own key stands in for the keychain, so the file handling around it is what is tested.
  const keychain = (secret: Buffer): KeySealer => ({
    encrypt: (plain) => seal(secret, plain, { session: '-', table: 'keychain', row: '-', column: '-' }),
    decrypt: (sealed) => open(secret, sealed, { session: '-', table: 'keychain', row: '-', column: '-' }),
  });

  it('keep the desktop key sealed by the keychain: a 0600 file that alone opens nothing, reused, refused by another keychain', () => {
    const mine = keychain(newKey());
    const first = sealedKeyFileMasterKey(dir, mine);
    const file = path.join(dir, SEALED_KEY_FILE_NAME);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.kind).toBe('safe-storage');
    const wrapped = first.wrap(newKey(), 's1');
    expect(() => sealedKeyFileMasterKey(dir, mine).unwrap(wrapped, 's1')).not.toThrow();
    // The file's bytes are not the key: used raw, they open nothing.
    expect(() => rawMasterKey('keyfile', readFileSync(file).subarray(0, 32)).unwrap(wrapped, 's1')).toThrow(AppError);
    expect(() => sealedKeyFileMasterKey(dir, keychain(newKey()))).toThrow(
      /The system keychain cannot open .*master\.key\.sealed/,
    );
  });
});
