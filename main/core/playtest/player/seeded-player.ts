import { choiceInput } from '../../../../shared/rules/choice-input';
import type { PlayerSpec } from '../../../../shared/schemas/playtest/player';
import type { WorldState } from '../../../../shared/schemas/world';
import { seededRandom, type Random } from '../../random';
import type { PlayerMove, PlayerView, SimulatedPlayer } from './simulated-player';

const LOOK = 'I look around.';

/** The people at the player's location, the player left out. */
function peopleHere(world: WorldState): string[] {
  const here = world.entities[world.player]?.location;
  return Object.entries(world.entities)
    .filter(([id, e]) => id !== world.player && e.kind === 'person' && e.location === here && here !== null)
    .map(([, e]) => e.name);
}

/** A free action: one of the script's `actions`, else going through an exit or talking to someone here. */
function freeAction(spec: PlayerSpec, world: WorldState, random: Random): PlayerMove {
  if (spec.actions) return { input: random.pick(spec.actions) };
  const here = world.locations[world.entities[world.player]?.location ?? ''];
  const built = [
    ...(here?.exits ?? []).flatMap((id) => (world.locations[id] ? [`I go to ${world.locations[id].name}.`] : [])),
    ...peopleHere(world).map((name) => `I talk to ${name}.`),
  ];
  return { input: built.length ? random.pick(built) : LOOK };
}

/** A question to plan with: about the options, someone here, or the risk of a choice on offer. */
function thinkQuestion(view: PlayerView, random: Random): PlayerMove {
  const choices = Object.values(view.last?.planningBlock?.choices ?? {});
  const questions = [
    'what are my options here?',
    ...peopleHere(view.world).map((name) => `what do I know about ${name}?`),
    ...choices.map((c) => `how risky is it to ${c.text.toLowerCase()}?`),
  ];
  return { input: `THINK: ${random.pick(questions)}` };
}

/**
 * The offline player: each turn's move drawn from the session's seed and the turn's index alone, so the same
 * seed plays the same session. With chance `think` it asks a THINK: question, else with chance `freeAction` it
 * types a free action, else it picks one of the last turn's choices (the think:return_story one among them,
 * when offered), typing its text or, one time in four, its description.
 */
export function seededPlayer(spec: PlayerSpec): SimulatedPlayer {
  return {
    label: 'seeded player',
    next: (view) => {
      const random = seededRandom(view.seed, 'simulated-player', view.turn);
      const thinks = random.chance(spec.think);
      const acts = random.chance(spec.freeAction);
      const choices = Object.entries(view.last?.planningBlock?.choices ?? {});
      let move: PlayerMove;
      if (thinks) move = thinkQuestion(view, random);
      else if (acts || !choices.length || !view.last) move = freeAction(spec, view.world, random);
      else {
        const [id, choice] = random.pick(choices);
        const chosen = choiceInput(id, choice, view.last);
        const typed = random.chance(0.25) && choice.description.trim() && chosen.input === choice.text;
        move = typed ? { ...chosen, input: choice.description.trim() } : chosen;
      }
      return Promise.resolve(move);
    },
  };
}
