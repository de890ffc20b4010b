import { useEffect, useRef, useState } from 'react';
import type { MethodOutput } from '../../../../shared/ipc/contract';
import type { PreviewTarget } from '../../../../shared/schemas/prompt-preview';
import { useTransport } from '../../app/transport-context';

export type Preview = MethodOutput<'prompts.preview'>;

/**
 * The assembled prompt for a target, following the editor's unsaved text. One request is in flight at a
 * time; edits made meanwhile are coalesced into the next one, and an answer older than the one shown is
 * dropped, so a stale result never overwrites a fresh one.
 */
export function useLivePreview(target: PreviewTarget, overrides: Readonly<Record<string, string>>, refreshKey: number) {
  const transport = useTransport();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latestRequested = useRef(0);
  const latestShown = useRef(0);
  const inFlight = useRef(false);
  const pending = useRef<{ target: PreviewTarget; overrides: Readonly<Record<string, string>>; id: number } | null>(null);

  useEffect(() => {
    const id = ++latestRequested.current;
    pending.current = { target, overrides, id };
    const pump = async () => {
      if (inFlight.current || !pending.current) return;
      const request = pending.current;
      pending.current = null;
      inFlight.current = true;
      try {
        const result = await transport.invoke('prompts.preview', { target: request.target, overrides: { ...request.overrides } });
        if (request.id > latestShown.current) {
          latestShown.current = request.id;
          if (result.ok) {
            setPreview(result.value);
            setError(null);
          } else setError(result.error.message);
        }
      } finally {
        inFlight.current = false;
        void pump();
      }
    };
    void pump();
  }, [transport, target, overrides, refreshKey]);

  return { preview, error };
}
