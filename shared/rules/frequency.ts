import { warn, type RuleWarning } from './warnings';

/** At most one enhanced planning block in every `window` story responses (the protocol says 1 in 3 to 5). */
export const DEFAULT_ENHANCED_WINDOW = 3;

/**
 * `recent` holds, oldest first, whether each earlier story response carried enhanced analysis. The current
 * one is flagged when it is enhanced and another enhanced block falls within the same window.
 */
export function checkEnhancedFrequency(
  currentEnhanced: boolean,
  recent: readonly boolean[],
  window = DEFAULT_ENHANCED_WINDOW,
): RuleWarning[] {
  if (!currentEnhanced || window <= 1) return [];
  const previous = recent.slice(-(window - 1));
  const at = previous.lastIndexOf(true);
  if (at < 0) return [];
  const since = previous.length - at;
  return [
    warn(
      'ENHANCED_TOO_FREQUENT',
      `Enhanced analysis again after ${since} story response${since > 1 ? 's' : ''}; the protocol asks for at most one in every ${window}.`,
    ),
  ];
}
