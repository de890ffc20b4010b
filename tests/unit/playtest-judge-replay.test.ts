import { describe, expect, it } from 'vitest';
import { replayOnly, storeRecord } from '../../main/core/models/create-model';
import type { Completion, Model, ModelRequest } from '../../main/core/models/model';
import { ScriptedModel } from '../../main/core/models/scripted/scripted-model';
import { playedTurnViews } from '../../main/core/playtest/assertions';
import { playScript } from '../../main/core/playtest/headless-play';
import { judgeScript, modelJudge, offlineJudge, type JudgeModel } from '../../main/core/playtest/judging';
import { PlayScript } from '../../main/core/playtest/play-script';
import { SessionStore } from '../../main/core/store/session-store';
import { exampleWorld } from '../support/engine';
import { playerOver, useTempDb } from '../support/store';

const SCRIPT = PlayScript.parse({
  title: 'Judged walk to the docks',
  turns: [
    { input: 'I finish my drink and head to the harbor gate with Tobin.' },
    {
      input: 'I go to the docks.',
      judge: [
        { name: 'at the docks', rubric: 'Mentions the docks\nDoes not mention a dragon' },
        { name: 'the lighthouse', rubric: 'Mentions the lighthouse keeper', threshold: 0.5 },
      ],
    },
  ],
  judge: { rubric: 'Mentions Tobin\nMentions the harbor gate\nMentions the docks' },
});

const db = useTempDb();

/** Plays the script into a new session of `store` with `model`, then judges it with `judge` made for that session. */
async function playAndJudge(store: SessionStore, model: Model, judgeOf: (sessionId: string) => JudgeModel) {
  const player = playerOver(store, model);
  const session = player.create({
    title: SCRIPT.title,
    world: await exampleWorld(),
    architecture: 'distributed',
    seed: 3,
  });
  await playScript({ script: SCRIPT, player, store, sessionId: session.id, model });
  const outcomes = await judgeScript(SCRIPT, playedTurnViews(store, session.id), judgeOf(session.id));
  return { sessionId: session.id, outcomes };
}

describe('judged assertions', () => {
  it('grades every turn judge and the story judge, with paths, thresholds and reasons', async () => {
    const store = SessionStore.open(db.file, db.master());
    try {
      const { outcomes } = await playAndJudge(store, new ScriptedModel(), () => offlineJudge());
      expect(outcomes.map((o) => [o.assertion, o.turn, o.passed, o.expected])).toEqual([
        ['turns[1].judge[0]', 2, true, 'score ≥ 0.7 on at the docks'],
        ['turns[1].judge[1]', 2, false, 'score ≥ 0.5 on the lighthouse'],
        ['judge[0]', null, true, 'score ≥ 0.7 on Mentions Tobin'],
      ]);
      expect(outcomes[1]!.actual).toBe(
        '0: offline check: 0 of 1 criteria met; not met: Mentions the lighthouse keeper (missing lighthouse, keeper)',
      );
      expect(outcomes[0]!.judgment).toEqual({ score: 1, reason: expect.any(String), threshold: 0.7 });
    } finally {
      store.close();
    }
  });

  it('records each judgment with the session and replays the same verdict with no model able to answer', async () => {
    let first: Awaited<ReturnType<typeof playAndJudge>>;
    let store = SessionStore.open(db.file, db.master());
    try {
      const scripted = new ScriptedModel();
      first = await playAndJudge(store, scripted, (sessionId) =>
        modelJudge(scripted, { recording: { store, sessionId } }),
      );
      const judged = store.modelExchanges(first.sessionId).filter((e) => e.agent === 'judge');
      expect(judged).toHaveLength(3);
      expect(first.outcomes.map((o) => o.passed)).toEqual([true, false, true]);
    } finally {
      store.close();
    }

    // A new process, as `--model replay` is: the same database, and a model that answers only from its record.
    store = SessionStore.open(db.file, db.master());
    try {
      const replay = replayOnly(storeRecord(store));
      const again = await playAndJudge(store, replay, (sessionId) =>
        modelJudge(replay, { recording: { store, sessionId } }),
      );
      expect(again.sessionId).not.toBe(first.sessionId);
      expect(again.outcomes).toEqual(first.outcomes);

      // A rubric nobody judged before has no recorded answer: its assertion fails and says why.
      const changed = PlayScript.parse({ ...SCRIPT, judge: { rubric: 'Mentions the harbor master' } });
      const [, , missing] = await judgeScript(changed, playedTurnViews(store, again.sessionId), modelJudge(replay));
      expect(missing).toMatchObject({ assertion: 'judge[0]', passed: false });
      expect(missing!.actual).toMatch(/^no judgment from Replay of recorded answers: replay has no recorded judgment/);
    } finally {
      store.close();
    }
  });
});

/** A judge model that answers in prose first and in JSON when asked again, or in prose every time. */
class ProseFirstJudge implements Model {
  readonly id = 'prose-first-judge';
  readonly label = 'Prose-first judge';
  readonly requests: ModelRequest[] = [];
  constructor(private readonly everyTime = false) {}
  complete(request: ModelRequest): Promise<Completion> {
    this.requests.push(request);
    const raw =
      request.attempt === 0 || this.everyTime
        ? 'The narrative looks fine to me.'
        : JSON.stringify({ score: 0.8, reason: 'It names the docks.' });
    return Promise.resolve({ raw, usage: { promptTokens: 10, completionTokens: 10 } });
  }
}

describe('a model judge', () => {
  it('asks again with the problem when an answer is not a judgment, and records both answers', async () => {
    const store = SessionStore.open(db.file, db.master());
    try {
      const player = playerOver(store);
      const session = player.create({
        title: 'Re-ask',
        world: await exampleWorld(),
        architecture: 'distributed',
        seed: 3,
      });
      const model = new ProseFirstJudge();
      const judge = modelJudge(model, { recording: { store, sessionId: session.id } });
      expect(judge.label).toBe('Prose-first judge');
      const judgment = await judge.judge({ rubric: 'Mentions the docks', subject: 'The docks at night.' });
      expect(judgment).toEqual({ score: 0.8, reason: 'It names the docks.' });
      expect(model.requests.map((r) => [r.agent, r.schemaName, r.attempt, r.feedback])).toEqual([
        ['judge', 'Judgment', 0, undefined],
        ['judge', 'Judgment', 1, 'the answer is not JSON'],
      ]);
      expect(model.requests[0]!.prompt).toContain('<rubric>\nMentions the docks\n</rubric>');
      expect(model.requests[0]!.jsonSchema).toMatchObject({ type: 'object', required: ['score', 'reason'] });
      expect(store.modelExchanges(session.id).map((e) => [e.agent, e.answer.slice(0, 12)])).toEqual([
        ['judge', 'The narrativ'],
        ['judge', '{"score":0.8'],
      ]);
    } finally {
      store.close();
    }
  });

  it('fails its assertion, named, when the model never gives a judgment', async () => {
    const store = SessionStore.open(db.file, db.master());
    try {
      const { outcomes } = await playAndJudge(store, new ScriptedModel(), () => modelJudge(new ProseFirstJudge(true)));
      expect(outcomes).toHaveLength(3);
      for (const outcome of outcomes) {
        expect(outcome.passed).toBe(false);
        expect(outcome.judgment).toBeUndefined();
        expect(outcome.actual).toBe(
          'no judgment from Prose-first judge: MALFORMED: judge: the answer was refused twice: the answer is not JSON',
        );
      }
    } finally {
      store.close();
    }
  });
});
