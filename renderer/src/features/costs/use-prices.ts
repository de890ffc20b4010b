import { useEffect, useSyncExternalStore } from 'react';
import type { PriceTable } from '../../../../shared/schemas/prices';
import { useTransport } from '../../app/transport-context';

/**
 * The price table, read once for the page and shared by every cost shown (inspector, turn header, Compare,
 * the session's chart); the Models tab hands a saved table back with `pricesSaved`, so costs follow at once.
 */
let table: PriceTable | null = null;
let asked = false;
const listeners = new Set<() => void>();

export function pricesSaved(next: PriceTable): void {
  table = next;
  asked = true;
  listeners.forEach((notify) => notify());
}

const subscribe = (notify: () => void) => {
  listeners.add(notify);
  return () => listeners.delete(notify);
};

/** The price table, or null while it is read. */
export function usePrices(): PriceTable | null {
  const transport = useTransport();
  const prices = useSyncExternalStore(subscribe, () => table);
  useEffect(() => {
    if (asked) return;
    asked = true;
    void transport.invoke('models.prices', {}).then((result) => {
      if (result.ok) pricesSaved(result.value.prices);
      else asked = false;
    });
  }, [transport]);
  return prices;
}
