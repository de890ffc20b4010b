import { events, methods, type EventName, type MethodName } from '../../../shared/ipc/contract';
import { ResultEnvelope, fail, type Result } from '../../../shared/ipc/result';
import type { PreloadBridge, Transport } from '../../../shared/ipc/transport';

/**
 * Turns a raw bridge (untyped values from the host) into the typed Transport: every envelope, every value
 * and every event payload is parsed with the contract's schemas before the app sees it.
 */
export function typedTransport(bridge: PreloadBridge): Transport {
  return {
    async invoke(method, input) {
      let raw: unknown;
      try {
        raw = await bridge.invoke(method, input);
      } catch (error) {
        return fail(
          'UNAVAILABLE',
          `The workbench host did not answer ${method}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      return parseResult(method, raw);
    },
    on(event, listener) {
      return bridge.on(event, (payload) => {
        const parsed = events[event as EventName].safeParse(payload);
        if (parsed.success) listener(parsed.data as Parameters<typeof listener>[0]);
        else console.warn(`Dropped a malformed ${event} event`, parsed.error);
      });
    },
  };
}

function parseResult<M extends MethodName>(method: M, raw: unknown): Result<never> {
  const envelope = ResultEnvelope.safeParse(raw);
  if (!envelope.success) return fail('INTERNAL', `${method}: the host sent a malformed answer`);
  if (!envelope.data.ok) return envelope.data;
  const value = methods[method].output.safeParse(envelope.data.value);
  if (!value.success) return fail('INTERNAL', `${method}: the host's answer does not match the contract`);
  return { ok: true, value: value.data as never };
}
