import { events, type EventName, type EventPayload } from '../../shared/ipc/contract';

export type AnyEventListener = (event: EventName, payload: unknown) => void;

/** Contract events from the core to every connected renderer. Payloads are checked against the contract. */
export class EventBus {
  private readonly listeners = new Set<AnyEventListener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const checked = events[event].parse(payload);
    for (const listener of this.listeners) listener(event, checked);
  }

  subscribe(listener: AnyEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
