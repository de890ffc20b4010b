import { describe, expect, it } from 'vitest';
import { gradeByRubric, gradeCriterion, rubricCriteria } from '../../shared/rules/rubric-grading';
import { offlineJudge } from '../../main/core/playtest/judging';

const SUBJECT =
  'Player input: I go to the docks.\n\nNarrative:\nYou walk down to the Docks. Captain Odile watches the ships come in.';

describe('the offline rubric rule', () => {
  it('reads one criterion a line, list markers dropped and blank lines skipped', () => {
    expect(rubricCriteria('- mentions the docks\n\n* names Odile\n2. no dragon\n  plain line  ')).toEqual([
      'mentions the docks',
      'names Odile',
      'no dragon',
      'plain line',
    ]);
  });

  it.each([
    // criterion, met, why
    ['Mentions the docks', true, 'all found'],
    ['The narrative names Captain Odile', true, 'all found'],
    ['Describes the ship arriving', false, 'found ship; missing arriving'],
    ['Describes the ships coming in', true, 'all found'],
    ['Odile watches the docks', true, 'all found'],
    ['A dragon burns the docks', false, 'found docks; missing dragon, burns'],
    ['Says "Captain Odile" and the dragon', false, 'found "captain odile"; missing dragon'],
    ['Mentions the warehouse and the alarm', false, 'missing warehouse, alarm'],
    ['Says "Captain Odile"', true, 'all found'],
    ['Says "Odile the captain"', false, 'missing "odile the captain"'],
    ['Does not mention the dragon', true, 'none found'],
    ['Never mentions the docks', false, 'found docks'],
    ['No "Captain Odile" in it', false, 'found "captain odile"'],
    ['Without any fighting', true, 'none found'],
    ['Nobody is killed', true, 'none found'],
    ['Nothing happens to Captain Odile', false, 'found captain, odile'],
    ['Odile leaves and sails away', false, 'found odile; missing leaves, sails, away'],
  ])('%s → met %s (%s)', (criterion, met, why) => {
    const graded = gradeCriterion(criterion, SUBJECT);
    expect(graded).toEqual({ criterion, checkable: true, met, why });
  });

  it('leaves a criterion with nothing to look for out of the score, and says so', () => {
    const grade = gradeByRubric('It is so.\nMentions the docks', SUBJECT);
    expect(grade.score).toBe(1);
    expect(grade.criteria[0]).toMatchObject({ checkable: false, why: 'nothing to look for' });
    expect(grade.reason).toContain('not checkable: It is so.');
  });

  it('scores the share of criteria met, to two decimals, and lists each in its reason', () => {
    const grade = gradeByRubric('Mentions the docks\nMentions the warehouse\nDoes not mention the dragon', SUBJECT);
    expect(grade.score).toBe(0.67);
    expect(grade.reason).toBe(
      'offline check: 2 of 3 criteria met; met: Mentions the docks (all found); not met: Mentions the warehouse (missing warehouse); met: Does not mention the dragon (none found)',
    );
  });

  it('scores 0 when no criterion can be checked', () => {
    expect(gradeByRubric('It is so', SUBJECT)).toMatchObject({
      score: 0,
      reason: 'offline check: no criterion names anything to look for; not checkable: It is so (nothing to look for)',
    });
  });

  it('keeps its reason within the 1,000 characters a judgment holds', () => {
    const rubric = Array.from({ length: 60 }, (_, i) => `Mentions the lighthouse number ${i}`).join('\n');
    expect(gradeByRubric(rubric, SUBJECT).reason.length).toBeLessThanOrEqual(1_000);
  });

  it('is the offline judge, which gives the same judgment every time', async () => {
    const judge = offlineJudge();
    const input = { rubric: 'Mentions the docks\nMentions the warehouse', subject: SUBJECT };
    const first = await judge.judge(input);
    expect(first).toEqual({ score: 0.5, reason: expect.stringContaining('1 of 2 criteria met') });
    expect(await judge.judge(input)).toEqual(first);
  });
});
