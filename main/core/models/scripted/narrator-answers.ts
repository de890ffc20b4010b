import {
  NARRATIVE_BOUNDS,
  RETURN_STORY_CHOICE_ID,
  RETURN_STORY_TEXT,
  type Choice,
  type NarrativeResponse,
} from '../../../../shared/schemas/planning-block';
import type { WorldChange, WorldState } from '../../../../shared/schemas/world';
import { recentSetback } from '../../../../shared/rules/roll-consequence';
import { openingSentence, retellInSecondPerson } from '../../../../shared/rules/second-person';
import { applyChange, checkChange, clockLabel, presentAt } from '../../../../shared/rules/world-changes';
import { seededRandom } from '../../random';
import type { ModelContext, ToolResult } from '../model';
import { clip } from './clip';
import { isRisky } from './planner-answers';
import { choicesFor, recommend, stanceOf } from './choices';
import { readPlayerAction, type PlayerAction } from './player-action';

const results = (context: ModelContext, agent: string): ToolResult[] => context.plans?.[agent]?.results ?? [];

/** The changes perception proposed and the world accepted: what the narrative must tell. */
function acceptedChanges(context: ModelContext): WorldChange[] {
  return results(context, 'perception')
    .filter((r) => r.tool === 'propose_state_update')
    .flatMap((r) => {
      const result = r.result as { accepted?: boolean; change?: WorldChange } | null;
      return result?.accepted && result.change ? [result.change] : [];
    });
}

function rollOf(
  context: ModelContext,
): { skill: string; roll: number; total: number; difficulty: number; success: boolean } | null {
  const roll = results(context, 'tactical').find((r) => r.tool === 'roll_check');
  return (roll?.result as ReturnType<typeof rollOf>) ?? null;
}

function beatOf(context: ModelContext): string | null {
  const plan = context.plans?.strategic?.plan as { dramatic_beats?: { beat: string }[] } | undefined;
  return plan?.dramatic_beats?.[0]?.beat ?? null;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const list = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/** Who and what is at the player's location, in words. */
function sceneOf(world: WorldState): string {
  const here = world.entities[world.player]!.location!;
  const location = world.locations[here]!;
  const others = presentAt(world, here).filter(([id]) => id !== world.player);
  const people = others
    .filter(([, e]) => e.kind === 'person')
    .map(([, e]) => `${e.name}${e.role ? `, the ${e.role}` : ''}${e.mood ? ` (${e.mood})` : ''}`);
  const items = others
    .filter(([, e]) => e.kind === 'item')
    .map(([, e]) => `${/^[aeiou]/i.test(e.name) ? 'an' : 'a'} ${e.name.toLowerCase()}`);
  const sentences = [`${capitalize(location.name)}: ${location.description}`];
  sentences.push(
    people.length ? `${capitalize(list(people))} ${people.length > 1 ? 'are' : 'is'} here.` : 'No one else is here.',
  );
  if (items.length) sentences.push(`You notice ${list(items)}.`);
  return sentences.join(' ');
}

function tellChange(before: WorldState, change: WorldChange): string {
  const name = (id: string) =>
    id === before.player ? 'you' : (before.entities[id]?.name ?? before.locations[id]?.name ?? id);
  switch (change.kind) {
    case 'move':
      return change.entity === before.player
        ? `You make your way to ${before.locations[change.to]!.name}.`
        : `${capitalize(name(change.entity))} comes with you.`;
    case 'take':
      return `${capitalize(name(change.holder))} ${change.holder === before.player ? 'take' : 'takes'} the ${name(change.item).toLowerCase()}.`;
    case 'give':
      return `${capitalize(name(change.from))} ${change.from === before.player ? 'hand' : 'hands'} the ${name(change.item).toLowerCase()} to ${name(change.to)}.`;
    case 'drop':
      return `${capitalize(name(change.holder))} ${change.holder === before.player ? 'set' : 'sets'} down the ${name(change.item).toLowerCase()}.`;
    case 'stance':
      return `Something shifts between ${name(change.from)} and ${name(change.to)}.`;
    case 'mood':
      return `${capitalize(name(change.entity))} turns to you, ${change.mood}.`;
  }
}

function secondsFor(action: PlayerAction): number {
  return {
    move: 300,
    take: 30,
    give: 30,
    talk: 120,
    persuade: 180,
    sneak: 240,
    steal: 45,
    climb: 180,
    fight: 60,
    look: 90,
    wait: 900,
    other: 60,
  }[action.kind];
}

/**
 * A significant moment, as the protocol means it: a risky action, a new place, or high tension. Enhanced
 * analysis appears there, and at most once in every three story responses.
 */
function isSignificant(context: ModelContext, action: PlayerAction, changes: WorldChange[]): boolean {
  const recentEnhanced = context.history
    .filter((h) => h.mode === 'story')
    .slice(-2)
    .some((h) => h.enhanced);
  if (recentEnhanced) return false;
  return (
    isRisky(action) ||
    changes.some((c) => c.kind === 'move' && c.entity === context.world.player) ||
    context.world.story.tension >= 4
  );
}

/** What the world still remembers of a recent failed roll, in words: who holds it against you, and the tension. */
function rememberedSetback(context: ModelContext): string {
  const { world } = context;
  const setback = recentSetback(world, context.turn);
  if (!setback) return '';
  const here = world.entities[world.player]!.location!;
  // Someone who would hold it against you: not a friend, not a companion who follows you.
  const watcher = presentAt(world, here).find(
    ([id, e]) =>
      id !== world.player &&
      e.kind === 'person' &&
      !e.traits.includes('follows_player') &&
      !['friendly', 'ally'].includes(stanceOf(world, id, world.player)),
  );
  const ago = context.turn - setback.turn === 1 ? 'a moment ago' : 'not long ago';
  return `Your failed ${setback.skill} ${ago} has not been forgotten: ${
    watcher ? `${watcher[1].name} keeps a closer eye on you now` : 'the night feels more watchful for it'
  }, and the tension stands at ${world.story.tension} of 5.`;
}

export function narrateStory(context: ModelContext): NarrativeResponse {
  const random = seededRandom(context.seed, context.turn, 'StoryModeAgent');
  const action = readPlayerAction(context.world, context.input);
  const changes = acceptedChanges(context);
  let after = context.world;
  const told: string[] = [];
  for (const change of changes) {
    if (checkChange(after, change) !== null) continue;
    told.push(tellChange(after, change));
    after = applyChange(after, change);
  }
  const roll = rollOf(context);
  const outcome = roll
    ? roll.success
      ? `Your ${roll.skill} holds: ${roll.total} against ${roll.difficulty}.`
      : `It goes wrong: your ${roll.skill} falls short, ${roll.total} against ${roll.difficulty}, and that will not be forgotten.`
    : '';
  const beat = beatOf(context);
  const paragraphs = [
    [openingSentence(context.input), ...told, outcome, rememberedSetback(context)].filter(Boolean).join(' '),
    sceneOf(after),
    `${beat ? `${capitalize(beat)}. ` : ''}It is ${clockLabel(later(after, secondsFor(action)))}.`,
  ];
  const enhanced = isSignificant(context, action, changes);
  const choices = choicesFor(after, random, enhanced);
  const block: NarrativeResponse['planning_block'] = { intent: 'story', choices };
  if (enhanced) {
    const setback = Boolean((roll && !roll.success) || recentSetback(context.world, context.turn));
    const { choice, reasoning } = recommend(after, choices, { mentioned: action.mentions.map((m) => m.id), setback });
    block.thinking = roll
      ? `The ${roll.skill} check ${roll.success ? 'succeeded' : 'failed'}; the next step should ${roll.success ? 'press the advantage' : 'limit the damage'}.`
      : 'A new situation: worth a moment to weigh the options.';
    block.analysis = {
      recommended_approach: choice.text,
      reasoning,
      contingency: 'If it goes badly, fall back the way you came.',
    };
    block.choices[RETURN_STORY_CHOICE_ID] = {
      text: RETURN_STORY_TEXT,
      description: 'Carry on with what you were doing.',
      risk_level: 'low',
    };
  }
  return withinBounds({
    narrative: paragraphs.join('\n\n'),
    planning_block: block,
    time_elapsed_seconds: secondsFor(action),
  });
}

/** The world as it will be once the scene's time has passed. */
const later = (world: WorldState, seconds: number): WorldState => ({
  ...world,
  clock: { ...world.clock, worldTimeUs: world.clock.worldTimeUs + seconds * 1_000_000 },
});

/** The answer cut to the planning block's bounds: a world's names and descriptions, and the input, can be long. */
function withinBounds(response: NarrativeResponse): NarrativeResponse {
  const b = NARRATIVE_BOUNDS;
  const points = (items: string[], max: number) => items.slice(0, max).map((item) => clip(item, b.point));
  const block = response.planning_block;
  const choices = Object.entries(block.choices)
    .slice(0, b.choices)
    .map(([id, { pros, cons, ...choice }]): [string, Choice] => [
      clip(id, b.choiceId),
      {
        ...choice,
        text: clip(choice.text, b.choiceText),
        description: clip(choice.description, b.choiceDescription),
        ...(pros ? { pros: points(pros, b.prosOrCons) } : {}),
        ...(cons ? { cons: points(cons, b.prosOrCons) } : {}),
      },
    ]);
  const assessment = block.situation_assessment;
  const analysis = block.analysis;
  return {
    ...response,
    narrative: clip(response.narrative, b.narrative),
    planning_block: {
      ...block,
      ...(block.thinking !== undefined ? { thinking: clip(block.thinking, b.thinking) } : {}),
      ...(assessment
        ? {
            situation_assessment: {
              current_state: clip(assessment.current_state, b.currentState),
              key_factors: points(assessment.key_factors, b.points),
              constraints: points(assessment.constraints, b.points),
              resources_available: points(assessment.resources_available, b.points),
            },
          }
        : {}),
      choices: Object.fromEntries(choices),
      ...(analysis
        ? {
            analysis: {
              recommended_approach: clip(analysis.recommended_approach, b.analysis),
              reasoning: clip(analysis.reasoning, b.analysis),
              contingency: clip(analysis.contingency, b.analysis),
            },
          }
        : {}),
    },
  };
}

export function narrateThink(context: ModelContext): NarrativeResponse {
  const random = seededRandom(context.seed, context.turn, 'PlanningAgent');
  const { world } = context;
  const here = world.entities[world.player]!.location!;
  const location = world.locations[here]!;
  const others = presentAt(world, here).filter(([id, e]) => id !== world.player && e.kind === 'person');
  const carried = (world.inventory[world.player] ?? []).map((id) => world.entities[id]!.name);
  const choices = choicesFor(world, random, true);
  const action = readPlayerAction(world, context.input);
  const { choice: recommended, reasoning } = recommend(world, choices, {
    mentioned: action.mentions.map((m) => m.id),
    setback: recentSetback(world, context.turn) !== null,
  });
  const question =
    retellInSecondPerson(context.input)
      .replace(/^you wonder: /, '')
      .replace(/\?$/, '') || 'what to do next';
  return withinBounds({
    narrative: `You hold still and let the moment wait. Around you, ${location.name}; ${others.length ? `${list(others.map(([, e]) => e.name))} within earshot` : 'no one within earshot'}. You turn the question over: ${question}.`,
    planning_block: {
      intent: 'think',
      thinking: `The question is ${question}. ${others.length ? `${list(others.map(([id, e]) => `${e.name} is ${stanceOf(world, id, world.player)}`))}.` : 'No one is watching.'} The tension stands at ${world.story.tension} of 5.`,
      situation_assessment: {
        current_state: `You are at ${location.name}; it is ${clockLabel(world)}.`,
        key_factors: [
          ...others.map(([id, e]) => `${e.name} (${stanceOf(world, id, world.player)})`),
          `The act's goal: ${world.story.acts[world.story.act]!.goal}`,
        ],
        constraints: [
          ...location.tags.map((tag) => `The place is ${tag}`),
          ...(others.length ? ['Anything you do here is seen'] : []),
        ],
        resources_available: carried.length ? carried : ['Only your wits'],
      },
      choices: {
        ...choices,
        [RETURN_STORY_CHOICE_ID]: {
          text: RETURN_STORY_TEXT,
          description: 'Stop planning and carry on with the story.',
          risk_level: 'low',
        },
      },
      analysis: {
        recommended_approach: recommended.text,
        reasoning,
        contingency: 'If the situation turns, come back here and think again: time does not pass while you plan.',
      },
    },
  });
}
