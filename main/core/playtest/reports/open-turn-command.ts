import path from 'node:path';
import { AppError } from '../../../../shared/ipc/result';
import type { CaseResult, PlaytestReport } from '../../../../shared/schemas/playtest/report';

/** A word as a POSIX shell reads it back: bare when it is plain, else in single quotes. */
export function shellWord(word: string): string {
  return /^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command that opens a case's session at one of its turns in the workbench: the browser host on the run's
 * database, whose printed URL opens the session with that turn selected (`?session=ID&turn=N`). Run it in the
 * project's checkout with the data folder (or passphrase) the run used, since that holds the database's key.
 * Throws NOT_FOUND when the run stored nothing to open, BAD_INPUT for a turn the case did not play.
 */
export function openTurnCommand(report: PlaytestReport, c: CaseResult, turn: number): string {
  if (report.db === null) {
    throw new AppError(
      'NOT_FOUND',
      `${c.id}: the run kept no database (it played in memory), so there is no turn to open`,
    );
  }
  if (!c.sessionId) throw new AppError('NOT_FOUND', `${c.id}: no session was stored for this case`);
  if (!Number.isInteger(turn) || turn < 1 || turn > Math.max(1, c.turns.length)) {
    throw new AppError('BAD_INPUT', `${c.id}: no turn ${turn} to open (it played ${c.turns.length})`);
  }
  return [
    'npm run web --',
    '--db',
    shellWord(path.resolve(report.db)),
    '--session',
    shellWord(c.sessionId),
    '--turn',
    turn,
  ].join(' ');
}
