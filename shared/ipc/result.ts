import { z } from 'zod';

/** Every error that crosses the contract boundary carries one of these codes. */
export const ErrorCode = z.enum([
  'UNKNOWN_METHOD',
  'BAD_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'UNAVAILABLE',
  /** Stored data failed its check: a wrong key, a tampered value, a broken audit chain. Nothing was half-read. */
  'INTEGRITY',
  /** A local model's native runtime died (its host process, never the app): nothing of the turn was kept. */
  'CRASHED',
  /** The user stopped it: nothing of it was kept. */
  'CANCELLED',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorInfo = z.object({ code: ErrorCode, message: z.string() });
export type ErrorInfo = z.infer<typeof ErrorInfo>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** The envelope as it arrives from a transport: the value stays unknown until its method's schema parses it. */
export const ResultEnvelope = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorInfo }),
]);

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } });

/**
 * An error meant for the user: its code and message cross the boundary as they are.
 * Anything else thrown behind the dispatcher becomes INTERNAL, and its stack stays in the host's log.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
