import { describe, expect, it } from 'vitest';
import type { SessionSummary } from '../../shared/schemas/session';
import { sessionMatches } from '../../renderer/src/features/sessions/session-filter';

const session = (title: string, tags: string[], locked = false): SessionSummary => ({
  id: title,
  title,
  project: 'p',
  model: 'Scripted',
  architecture: 'distributed',
  seed: 1,
  createdAt: '2026-11-30T10:00:00.000Z',
  turns: 0,
  branches: 1,
  mainBranchId: 'b',
  forkedFrom: null,
  keptBy: 'keyfile',
  locked,
  tags,
});

describe('the session list search: titles and note tags, literal, case aside', () => {
  it.each([
    ['heist', session('The Heist (v2)', []), true],
    ['(V2)', session('The Heist (v2)', []), true],
    ['.*', session('The Heist (v2)', []), false],
    ['pacing', session('Harbor', ['pacing', 'tone']), true],
    ['#TONE', session('Harbor', ['pacing', 'tone']), true],
    ['tone', session('Harbor', []), false],
    ['  ', session('Harbor', []), true],
    ['harbor', session('', ['harbor'], true), false],
  ])('%j in %j: %s', (query, s, expected) => {
    expect(sessionMatches(s, query)).toBe(expected);
  });
});
