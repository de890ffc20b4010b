import { describe, expect, it } from 'vitest';
import {
  newRunName,
  parseRateLimit,
  parseRedisUrl,
  parseRunName,
  rateLimitOf,
  sessionJobIdOf,
  sessionQueueOf,
} from '../../main/core/playtest/farm';
import { AppError } from '../../shared/ipc/result';

const refusal = (work: () => unknown): string => {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('BAD_INPUT');
    return (error as AppError).message;
  }
  throw new Error('accepted what it should refuse');
};

describe('a farm URL', () => {
  it.each([
    ['redis://127.0.0.1', { host: '127.0.0.1', port: 6379, db: 0, tls: false, shown: 'redis://127.0.0.1' }],
    [
      'redis://:s3cret@farm.example:6380/2',
      {
        host: 'farm.example',
        port: 6380,
        password: 's3cret',
        db: 2,
        tls: false,
        shown: 'redis://:***@farm.example:6380/2',
      },
    ],
    [
      'rediss://worker:p%40ss@farm.example:6390',
      {
        host: 'farm.example',
        port: 6390,
        username: 'worker',
        password: 'p@ss',
        db: 0,
        tls: true,
        shown: 'rediss://worker:***@farm.example:6390',
      },
    ],
    ['redis://[::1]:7000', { host: '::1', port: 7000, db: 0, tls: false, shown: 'redis://[::1]:7000' }],
  ])('reads %s, and shows it without its password', (text, expected) => {
    expect(parseRedisUrl(text)).toEqual(expected);
  });

  it.each([
    ['127.0.0.1:6379', 'not a URL'],
    ['farm.example:6379', '"farm.example:" is not redis: or rediss:'],
    ['http://farm.example', '"http:" is not redis: or rediss:'],
    ['redis://farm.example/zero', 'the database "zero" is not a number'],
    ['redis://farm.example?tls=false', 'no query or fragment'],
  ])('refuses %s: %s', (text, says) => {
    const message = refusal(() => parseRedisUrl(text));
    expect(message).toContain(says);
    expect(message).toContain('redis://[:PASSWORD@]HOST[:PORT][/DB]');
  });
});

describe('a rate limit', () => {
  it.each([
    ['anthropic=30/min', { target: 'anthropic', max: 30, durationMs: 60_000 }],
    ['openai-compatible:qwen2.5=2/s', { target: 'openai-compatible:qwen2.5', max: 2, durationMs: 1_000 }],
    ['llama-cpp:models/a.gguf=500/h', { target: 'llama-cpp:models/a.gguf', max: 500, durationMs: 3_600_000 }],
  ])('reads %s', (text, expected) => expect(parseRateLimit(text)).toEqual(expected));

  it.each(['anthropic', 'anthropic=0/min', 'anthropic=30/day', '=3/s', 'anthropic=1.5/s'])('refuses %s', (text) => {
    expect(refusal(() => parseRateLimit(text))).toContain('say PROVIDER=N/PERIOD or MODEL=N/PERIOD');
  });

  it("applies a model's own limit before its provider's, and none to another provider", () => {
    const limits = [parseRateLimit('anthropic=30/min'), parseRateLimit('anthropic:claude-opus=5/min')];
    expect(rateLimitOf('anthropic:claude-opus', limits)?.max).toBe(5);
    expect(rateLimitOf('anthropic:claude-haiku', limits)?.max).toBe(30);
    expect(rateLimitOf('openai-compatible:anthropic', limits)).toBeUndefined();
  });
});

describe('runs, queues and jobs', () => {
  it('names a new run by when it was queued, and two runs of one second apart', () => {
    const at = new Date('2026-11-30T07:15:02.000Z');
    expect(newRunName(at)).toMatch(/^run-20261130-071502-[0-9a-f]{4}$/);
    expect(parseRunName(newRunName(at))).toMatch(/^run-/);
  });

  it.each(['', 'has space', '../up', 'a:b', 'x'.repeat(65)])('refuses the run name "%s"', (name) => {
    expect(refusal(() => parseRunName(name))).toContain(`the run name "${name}"`);
  });

  it("gives each model a queue whose name bullmq takes (no ':'), one per label", () => {
    const names = ['scripted', 'llama-cpp:models/qwen.gguf', 'llama-cpp:models/qwen2.gguf'].map(sessionQueueOf);
    for (const name of names) expect(name).not.toContain(':');
    expect(new Set(names).size).toBe(3);
  });

  it('gives a case the same job id each time, and another case another', () => {
    const a = sessionJobIdOf('nightly', 'gate.play.yaml [scripted · distributed · seed 1 · project]');
    expect(sessionJobIdOf('nightly', 'gate.play.yaml [scripted · distributed · seed 1 · project]')).toBe(a);
    expect(sessionJobIdOf('nightly', 'gate.play.yaml [scripted · distributed · seed 2 · project]')).not.toBe(a);
    expect(a).toMatch(/^nightly\.[0-9a-f]{20}$/);
  });
});
