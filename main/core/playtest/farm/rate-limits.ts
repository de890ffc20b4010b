import { AppError } from '../../../../shared/ipc/result';

/** At most `max` sessions started per `durationMs`, over every worker, for a provider's or one model's queue. */
export interface RateLimit {
  /** A provider (`anthropic`) or one model's label (`anthropic:claude-haiku-4-5`). */
  target: string;
  max: number;
  durationMs: number;
}

const PERIODS: Record<string, number> = { s: 1_000, min: 60_000, h: 3_600_000 };

/** `anthropic=30/min`, `openai-compatible:qwen2.5=2/s`; BAD_INPUT saying how to write one. */
export function parseRateLimit(text: string): RateLimit {
  const match = /^(.+)=(\d+)\/(s|min|h)$/.exec(text.trim());
  const max = Number(match?.[2]);
  if (!match || !match[1]!.trim() || !Number.isInteger(max) || max < 1)
    throw new AppError(
      'BAD_INPUT',
      `--rate-limit "${text}": say PROVIDER=N/PERIOD or MODEL=N/PERIOD, N at least 1 and PERIOD s, min or h (anthropic=30/min)`,
    );
  return { target: match[1]!.trim(), max, durationMs: PERIODS[match[3]!]! };
}

/** The limit of one model's queue: the one naming the model itself, else its provider's; none without. */
export function rateLimitOf(modelLabel: string, limits: readonly RateLimit[]): RateLimit | undefined {
  const provider = modelLabel.split(':', 1)[0];
  return limits.find((l) => l.target === modelLabel) ?? limits.find((l) => l.target === provider);
}
