import { z } from 'zod';
import { findMentions, resolveMention } from '../../../../shared/rules/mentions';
import { checkChange } from '../../../../shared/rules/world-changes';
import { WorldChange } from '../../../../shared/schemas/world';
import { defineTool } from './tool';

/** The perception agent reads text against the world and proposes what changed; it never changes it. */
export const perceptionTools = [
  defineTool({
    name: 'extract_entities',
    description: 'The people, items and places a text names, resolved to world ids',
    args: z.object({ text: z.string().min(1).max(20_000) }).strict(),
    run: ({ world }, { text }) =>
      findMentions(world, text).map(({ text: words, id, kind, via }) => ({ text: words, id, kind, via })),
  }),
  defineTool({
    name: 'resolve_entity',
    description: 'Resolves one mention to a world id with a strategy: exact, alias or fuzzy',
    args: z
      .object({ mention: z.string().min(1).max(200), strategy: z.enum(['exact', 'alias', 'fuzzy']).default('alias') })
      .strict(),
    run: ({ world }, { mention, strategy }) => resolveMention(world, mention, strategy),
  }),
  defineTool({
    name: 'propose_state_update',
    description:
      'Proposes one change to the world (move, take, give, drop, stance, mood); it is checked against the world and applied only on a story turn',
    args: z.object({ change: WorldChange }).strict(),
    run: ({ world }, { change }) => {
      const reason = checkChange(world, change);
      return reason === null ? { accepted: true, change } : { accepted: false, change, reason };
    },
  }),
];
