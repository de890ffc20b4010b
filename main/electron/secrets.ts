import { safeStorage } from 'electron';

/**
 * Secrets (API keys, the store's master key) sealed with the OS keychain through Electron's safeStorage.
 * Sealed values are base64 text, safe to keep in a settings file or a database column.
 */
export const secrets = {
  isAvailable(): boolean {
    return safeStorage.isEncryptionAvailable();
  },
  seal(plaintext: string): string {
    if (!safeStorage.isEncryptionAvailable()) {
      throw new Error('The system keychain is not available, so secrets cannot be stored safely');
    }
    return safeStorage.encryptString(plaintext).toString('base64');
  },
  open(sealed: string): string {
    if (!safeStorage.isEncryptionAvailable()) {
      throw new Error('The system keychain is not available, so stored secrets cannot be read');
    }
    return safeStorage.decryptString(Buffer.from(sealed, 'base64'));
  },
};
