import { useSyncExternalStore } from 'react';

const query = '(prefers-color-scheme: dark)';

/** Light or dark, following the system, live. */
export function useColorScheme(): 'light' | 'dark' {
  return useSyncExternalStore(
    (notify) => {
      const media = window.matchMedia(query);
      media.addEventListener('change', notify);
      return () => media.removeEventListener('change', notify);
    },
    () => (window.matchMedia(query).matches ? 'dark' : 'light'),
  );
}
