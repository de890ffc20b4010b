import type { CentralizedPlan } from '../../../../shared/schemas/plans/centralized-plan';
import type { OrchestrationPlan } from '../../../../shared/schemas/plans/orchestration-plan';
import type { PerceptionPlan } from '../../../../shared/schemas/plans/perception-plan';
import type { StrategicPlan } from '../../../../shared/schemas/plans/strategic-plan';
import type { TacticalPlan } from '../../../../shared/schemas/plans/tactical-plan';
import type { ToolUse } from '../../../../shared/schemas/plans/tool-use';
import type { WorldChange } from '../../../../shared/schemas/world';
import { recentSetback } from '../../../../shared/rules/roll-consequence';
import type { ModelContext } from '../model';
import { seededRandom } from '../../random';
import { clip } from './clip';
import { readPlayerAction, type PlayerAction } from './player-action';

/** A risky action's difficulty: harder where the place is guarded or watched. */
function difficultyOf(context: ModelContext, action: PlayerAction): number {
  const here = context.world.entities[context.world.player]!.location!;
  const tags = context.world.locations[here]!.tags;
  const base = { steal: 14, sneak: 12, fight: 13, climb: 11, persuade: 12 }[action.kind as 'steal'] ?? 10;
  // A failed roll a turn or two ago puts people on their guard: the next risky action is harder.
  const wary = recentSetback(context.world, context.turn) ? 2 : 0;
  return base + wary + (tags.includes('guarded') ? 3 : 0) + (tags.includes('dark') && action.kind === 'sneak' ? -2 : 0);
}

export const isRisky = (action: PlayerAction) => action.skill !== null;

export function orchestrate(context: ModelContext): OrchestrationPlan {
  const action = readPlayerAction(context.world, context.input);
  const lastNarrative = context.history.at(-1)?.narrative || context.input;
  const think = context.mode === 'think';
  return {
    summary: think
      ? 'A think turn: time is frozen; perception reads the question, strategy weighs the options, tactics lays out the odds.'
      : `A story turn (${action.kind}): perception reads the action and proposes changes, strategy shapes the beat, tactics works out the steps.`,
    consults: [
      { tool: 'read_scene', args: {}, purpose: 'Who is present decides whether tactics needs the spatial context' },
      { tool: 'read_history', args: { last: 3 }, purpose: 'Where the story was heading' },
    ],
    tasks: [
      {
        id: 'perceive',
        agent: 'perception',
        objective: think
          ? 'Resolve who and what the question names; propose no changes, time is frozen.'
          : 'Resolve who and what the input names and propose the state updates it implies.',
        depends_on: ['ask_spatial'],
      },
      {
        id: 'shape',
        agent: 'strategic',
        objective: 'Choose the goals, themes and beats this turn serves.',
        depends_on: ['ask_entities', 'ask_analysis'],
      },
      {
        id: 'execute',
        agent: 'tactical',
        objective: `Work out the concrete steps of the player's action (${action.kind}) and its odds.`,
        depends_on: [],
      },
    ],
    cross_agent_steps: [
      {
        id: 'ask_spatial',
        from: 'perception',
        target_agent: 'tactical',
        request: { type: 'FindSpatialContext', entity_id: context.world.player },
        timeout_ms: 2_000,
        depends_on: [],
      },
      {
        id: 'ask_entities',
        from: 'strategic',
        target_agent: 'perception',
        request: { type: 'ExtractEntities', context: clip(context.input, 400) || '(no input)' },
        timeout_ms: 2_000,
        depends_on: [],
      },
      {
        id: 'ask_analysis',
        from: 'orchestrator',
        target_agent: 'strategic',
        request: { type: 'AnalyzeNarrative', text: clip(lastNarrative, 1_000) || '(no story yet)' },
        timeout_ms: 2_000,
        depends_on: [],
      },
    ],
  };
}

export function strategize(context: ModelContext): StrategicPlan {
  const random = seededRandom(context.seed, context.turn, 'strategic');
  const { world } = context;
  const action = readPlayerAction(world, context.input);
  const act = world.story.acts[world.story.act]!;
  const text = context.input.toLowerCase();
  const matching = world.story.themes.filter((theme) =>
    [theme.name, ...theme.keywords].some((word) => text.includes(word.toLowerCase())),
  );
  const themes = matching.length ? matching : world.story.themes.length ? [random.pick(world.story.themes)] : [];
  const tension = Math.min(5, world.story.tension + (isRisky(action) ? 1 : 0));
  return {
    consults: [
      { tool: 'read_story_arc', args: {}, purpose: 'The goal of the current act' },
      { tool: 'list_themes', args: {}, purpose: 'Themes to touch' },
      ...(action.person
        ? [
            {
              tool: 'read_relationships',
              args: { entity_id: action.person },
              purpose: 'How the people involved feel about each other',
            },
          ]
        : []),
    ],
    narrative_goals: [
      { id: 'act_goal', description: clip(`Move toward the act's goal: ${act.goal}`, 240), priority: 'primary' },
      ...(action.person
        ? [
            {
              id: 'bond',
              description: clip(
                `Let ${world.entities[action.person]!.name} react in a way that changes how they see the player`,
                240,
              ),
              priority: 'secondary' as const,
            },
          ]
        : []),
    ],
    thematic_elements: themes.slice(0, 3).map((theme) => ({
      theme: clip(theme.name, 60),
      expression: clip(
        `${theme.description} shows in how the ${action.kind === 'other' ? 'action' : action.kind} plays out`,
        240,
      ),
    })),
    dramatic_beats: [
      {
        beat: isRisky(action)
          ? 'The risk is felt before the outcome is known'
          : 'A quiet moment that reveals the place',
        tension,
      },
      ...(tension >= 3 ? [{ beat: 'Something in the scene pushes back', tension: Math.min(5, tension + 1) }] : []),
    ],
  };
}

export function tacticize(context: ModelContext): TacticalPlan {
  const { world } = context;
  const action = readPlayerAction(world, context.input);
  const steps: TacticalPlan['execution_steps'] = [
    {
      id: 'where',
      description: 'Where the player is, who is there, and the ways out',
      tool: 'find_spatial_context',
      args: { entity_id: world.player },
    },
    { id: 'carry', description: 'What the player can use', tool: 'check_inventory', args: { holder: world.player } },
  ];
  const dependencies: Record<string, string[]> = {};
  const subject = action.person ?? action.place ?? action.item;
  if (subject)
    steps.push({
      id: 'subject',
      description: `What the world holds about ${subject}`,
      tool: 'query_world_state',
      args: { id: subject },
    });
  if (isRisky(action)) {
    steps.push({
      id: 'odds',
      description: `Roll ${action.skill} against the place's difficulty`,
      tool: 'roll_check',
      args: { skill: action.skill, difficulty: difficultyOf(context, action), modifier: 0 },
    });
    dependencies.odds = ['where', ...(subject ? ['subject'] : [])];
  }
  const people = [world.player, ...(action.person ? [action.person] : [])];
  return {
    execution_steps: steps,
    dependencies,
    resource_requirements: { people, items: (world.inventory[world.player] ?? []).slice(0, 8) },
  };
}

/** The state updates an action implies: the player's move (and whoever follows them), an item changing hands. */
export function impliedChanges(context: ModelContext, action: PlayerAction): WorldChange[] {
  if (context.mode === 'think') return [];
  const { world } = context;
  const player = world.player;
  const here = world.entities[player]!.location!;
  const changes: WorldChange[] = [];
  if (
    (action.kind === 'move' || action.kind === 'sneak' || action.kind === 'climb') &&
    action.place &&
    action.place !== here
  ) {
    changes.push({ kind: 'move', entity: player, to: action.place });
    for (const [id, entity] of Object.entries(world.entities)) {
      if (id !== player && entity.location === here && entity.traits.includes('follows_player'))
        changes.push({ kind: 'move', entity: id, to: action.place });
    }
  }
  if ((action.kind === 'take' || action.kind === 'steal') && action.item)
    changes.push({ kind: 'take', holder: player, item: action.item });
  if (action.kind === 'give' && action.item && action.person)
    changes.push({ kind: 'give', from: player, to: action.person, item: action.item });
  if (action.kind === 'talk' && action.person) changes.push({ kind: 'mood', entity: action.person, mood: 'attentive' });
  return changes;
}

export function perceive(context: ModelContext): PerceptionPlan {
  const action = readPlayerAction(context.world, context.input);
  const kinds = [...new Set(action.mentions.map((m) => m.kind))];
  return {
    extraction_patterns: (kinds.length ? kinds : ['any' as const]).map((kind) => ({
      pattern: `names of ${kind === 'any' ? 'anything in the world' : `${kind}s`}`,
      entity_kind: kind,
    })),
    entity_resolution_strategy: action.mentions.some((m) => m.via === 'alias') ? 'alias' : 'exact',
    extraction_steps: [
      {
        tool: 'extract_entities',
        args: { text: clip(context.input, 400) || '(no input)' },
        purpose: 'Who and what the input names',
      },
      ...action.mentions.map((m): ToolUse => ({
        tool: 'resolve_entity',
        args: { mention: clip(m.text, 200), strategy: m.via === 'alias' ? 'alias' : 'exact' },
      })),
    ].slice(0, 5),
    state_update_sequence: impliedChanges(context, action)
      .slice(0, 5)
      .map((change) => ({
        tool: 'propose_state_update',
        args: { change },
        purpose: `The action implies a ${change.kind}`,
      })),
  };
}

/** The centralized baseline's one plan: the same work, every step naming its executor. */
export function planCentrally(context: ModelContext): CentralizedPlan {
  const strategic = strategize(context);
  const tactical = tacticize(context);
  const perception = perceive(context);
  const steps: CentralizedPlan['steps'] = [
    ...strategic.consults.map((use, i) => ({ ...use, id: `strategic_${i + 1}`, executor: 'strategic' as const })),
    ...tactical.execution_steps.map(({ id, tool, args, description }) => ({
      id: `tactical_${id}`,
      tool,
      args,
      purpose: description,
      executor: 'tactical' as const,
    })),
    ...[...perception.extraction_steps, ...perception.state_update_sequence].map((use, i) => ({
      ...use,
      id: `perception_${i + 1}`,
      executor: 'perception' as const,
    })),
  ].slice(0, 10);
  return { summary: `One planner for the whole turn: ${steps.length} steps over the unified registry.`, steps };
}
