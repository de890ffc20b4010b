import { useState } from 'react';
import type { Result } from '../../../shared/ipc/result';

/**
 * One action a user starts with a button: whether it is running, and the error it ended with (cleared when it
 * starts again). `run` takes the call to make and what to do with its value.
 */
export function useAction() {
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async <T>(call: () => Promise<Result<T>>, done: (value: T) => void) => {
    setRunning(true);
    setError(null);
    const result = await call();
    setRunning(false);
    if (result.ok) done(result.value);
    else setError(result.error.message);
  };
  return { running, error, run };
}
