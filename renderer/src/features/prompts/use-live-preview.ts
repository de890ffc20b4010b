import { useEffect, useMemo, useState } from 'react';
import type { MethodOutput } from '../../../../shared/ipc/contract';
import type { PreviewTarget } from '../../../../shared/schemas/prompt-preview';
import { useTransport } from '../../app/transport-context';
import { latestRunner } from './latest-runner';

export type Preview = MethodOutput<'prompts.preview'>;

/**
 * The assembled prompt for a target, following the editor's unsaved text (see latestRunner). When the host
 * cannot answer, the last preview stays and the error is shown beside it.
 */
export function useLivePreview(target: PreviewTarget, overrides: Readonly<Record<string, string>>, refreshKey: number) {
  const transport = useTransport();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const request = useMemo(
    () =>
      latestRunner(
        (input: { target: PreviewTarget; overrides: Record<string, string> }) =>
          transport.invoke('prompts.preview', input),
        (result) => {
          if (result.ok) setPreview(result.value);
          setError(result.ok ? null : result.error.message);
        },
      ),
    [transport],
  );

  useEffect(() => {
    request({ target, overrides: { ...overrides } });
  }, [request, target, overrides, refreshKey]);

  return { preview, error };
}
