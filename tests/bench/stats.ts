export interface Figure {
  name: string;
  unit: 'ms' | 's' | 'ratio' | 'turns/s' | 'sessions/min' | '%' | 'tokens' | 'tokens/s' | 'KB';
  /** What the figure should reach, e.g. "≤ 0.6"; printed beside it, never asserted. */
  goal?: string;
  samples: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted: number[], p: number): number {
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function summarize(name: string, samples: number[], unit: Figure['unit'] = 'ms', goal?: string): Figure {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    name,
    unit,
    ...(goal ? { goal } : {}),
    samples: sorted.length,
    median: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    min: round(sorted[0]!),
    max: round(sorted[sorted.length - 1]!),
  };
}
