import type { Choice } from '../../../../shared/schemas/planning-block';
import type { Stance, WorldState } from '../../../../shared/schemas/world';
import { presentAt } from '../../../../shared/rules/world-changes';
import type { Random } from '../../random';

export function stanceOf(world: WorldState, from: string, to: string): Stance {
  return world.relationships.find((r) => r.from === from && r.to === to)?.stance ?? 'neutral';
}

const riskOfStance: Record<Stance, Choice['risk_level']> = {
  hostile: 'high',
  wary: 'medium',
  neutral: 'low',
  friendly: 'safe',
  ally: 'safe',
};

export const riskRank = (risk: Choice['risk_level']) => ['safe', 'low', 'medium', 'high'].indexOf(risk);

/** 3 to 5 things the player could do next, from where they stand, keyed `talk_<id>`, `take_<id>`, `go_<id>`. */
export function choicesFor(world: WorldState, random: Random, enhanced: boolean): Record<string, Choice> {
  const here = world.entities[world.player]!.location!;
  const location = world.locations[here]!;
  const guarded = location.tags.includes('guarded');
  const candidates: [string, Choice][] = [];
  for (const [id, entity] of presentAt(world, here)) {
    if (id === world.player) continue;
    if (entity.kind === 'person') {
      const stance = stanceOf(world, id, world.player);
      candidates.push([
        `talk_${id}`,
        {
          text: `Talk to ${entity.name}`,
          description: `${entity.name} is ${stance} toward you${entity.mood ? ` and ${entity.mood}` : ''}.`,
          risk_level: riskOfStance[stance],
        },
      ]);
    } else {
      candidates.push([
        `take_${id}`,
        {
          text: `Take the ${entity.name.toLowerCase()}`,
          description: entity.description || `It lies within reach.`,
          risk_level: guarded ? 'high' : 'low',
        },
      ]);
    }
  }
  for (const exit of location.exits) {
    const target = world.locations[exit]!;
    candidates.push([
      `go_${exit}`,
      {
        text: `Go to ${target.name}`,
        description: target.description,
        risk_level: target.tags.includes('guarded') ? 'medium' : 'safe',
      },
    ]);
  }
  candidates.push([
    'wait_watch',
    { text: 'Wait and watch', description: 'Let the moment play out and see who moves first.', risk_level: 'safe' },
  ]);
  // A seeded shuffle, then 3 to 5 of them.
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
  }
  const count = Math.min(candidates.length, random.int(3, 5));
  const chosen = candidates.slice(0, Math.max(3, count));
  while (chosen.length < 3)
    chosen.push([
      `look_${chosen.length}`,
      { text: 'Look around', description: 'Take in the details of the place.', risk_level: 'safe' },
    ]);
  if (enhanced) {
    for (const [, choice] of chosen) {
      const risky = choice.risk_level === 'high' || choice.risk_level === 'medium';
      choice.pros = [risky ? 'It could change the situation quickly' : 'Little can go wrong'];
      choice.cons = [risky ? 'It can fail in front of witnesses' : 'It may cost time you do not have'];
      choice.confidence = risky ? 'low' : 'high';
    }
  }
  return Object.fromEntries(chosen);
}

const STOP_WORDS = new Set('the and for with from into onto that this your you get got before after past'.split(' '));
const wordsOf = (text: string) =>
  new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 2 && !STOP_WORDS.has(w)),
  );

/** The words that name what a choice is about: the place, person or item it leads to. */
function choiceWords(world: WorldState, id: string): Set<string> {
  const target = id.replace(/^(talk|take|go)_/, '');
  const named = world.locations[target] ?? world.entities[target];
  // Its target's names only: a choice's own words ("Wait and watch") would match a goal by accident.
  return named ? wordsOf([named.name, ...named.aliases].join(' ')) : new Set();
}

export interface Recommendation {
  choice: Choice;
  reasoning: string;
}

/**
 * The choice that best serves what the player is after: the act's goal, and whoever or wherever their input
 * named; the lower risk breaks a tie, and after a setback the risk weighs double (limit the damage first).
 */
export function recommend(
  world: WorldState,
  choices: Record<string, Choice>,
  aim: { mentioned: readonly string[]; setback: boolean },
): Recommendation {
  const goal = world.story.acts[world.story.act]!.goal;
  const goalWords = wordsOf(goal);
  const scored = Object.entries(choices).map(([id, choice]) => {
    const words = choiceWords(world, id);
    const servesGoal = [...words].some((w) => goalWords.has(w));
    const followsInput = aim.mentioned.some((m) => id.endsWith(`_${m}`));
    const score = (servesGoal ? 3 : 0) + (followsInput ? 2 : 0) - riskRank(choice.risk_level) * (aim.setback ? 2 : 1);
    return { choice, servesGoal, followsInput, score };
  });
  const best = scored.sort((a, b) => b.score - a.score)[0]!;
  const risk = `${best.choice.risk_level} risk`;
  const reasoning = best.servesGoal
    ? `It moves you toward your goal, ${goal.charAt(0).toLowerCase()}${goal.slice(1)}, at ${risk}.`
    : best.followsInput
      ? `It follows what you were after this turn, at ${risk}.`
      : `Nothing open now leads straight to your goal (${goal}); this keeps your options at ${risk}.`;
  return {
    choice: best.choice,
    reasoning: aim.setback ? `${reasoning} After the last setback, the careful way first.` : reasoning,
  };
}
