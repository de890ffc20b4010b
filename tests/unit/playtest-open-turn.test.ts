import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openTurnCommand, shellWord } from '../../main/core/playtest/reports/open-turn-command';
import { AppError } from '../../shared/ipc/result';
import { caseOf, reportOf } from '../support/playtest-reports';

const played = caseOf('heist.play.yaml', { sessionId: 'a1b2c3' });

describe('openTurnCommand', () => {
  it('opens the session at the turn on the run database, through the browser host', () => {
    expect(openTurnCommand(reportOf([played]), played, 2)).toBe(
      'npm run web -- --db /tmp/playtests/sessions.db --session a1b2c3 --turn 2',
    );
  });

  it('quotes a database path the shell would split or expand, and the shell reads it back whole', () => {
    const db = "/tmp/my playtests/it's $HOME/`x`/sessions.db";
    const command = openTurnCommand(reportOf([played], { db }), played, 1);
    expect(command).toBe(
      `npm run web -- --db '/tmp/my playtests/it'\\''s $HOME/\`x\`/sessions.db' --session a1b2c3 --turn 1`,
    );
    const words = execFileSync('sh', ['-c', `printf '%s\\n' ${command.replace('npm run web --', '')}`], {
      encoding: 'utf8',
    });
    expect(words.split('\n')[1]).toBe(db);
  });

  const REFUSALS = [
    { why: 'a run that kept no database', db: null, c: played, turn: 1, code: 'NOT_FOUND', says: 'played in memory' },
    {
      why: 'a case with no session',
      db: '/x.db',
      c: { ...played, sessionId: undefined },
      turn: 1,
      code: 'NOT_FOUND',
      says: 'no session',
    },
    { why: 'turn 0', db: '/x.db', c: played, turn: 0, code: 'BAD_INPUT', says: 'no turn 0 to open (it played 2)' },
    { why: 'a turn past the last', db: '/x.db', c: played, turn: 3, code: 'BAD_INPUT', says: 'no turn 3' },
  ] as const;
  it.each(REFUSALS)('refuses $why', ({ db, c, turn, code, says }) => {
    let caught: unknown;
    try {
      openTurnCommand(reportOf([played], { db }), c, turn);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe(code);
    expect((caught as AppError).message).toContain(says);
  });

  it.each([
    ['plain', 'plain'],
    ['a b', "'a b'"],
    ["it's", "'it'\\''s'"],
    ['', "''"],
    ['$(rm -rf ~)', "'$(rm -rf ~)'"],
  ])('shellWord(%j) is %s', (word, quoted) => {
    expect(shellWord(word)).toBe(quoted);
  });
});
