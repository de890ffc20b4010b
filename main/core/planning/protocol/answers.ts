import type { AgentRequest } from '../../../../shared/schemas/plans/cross-agent';
import type { SpecialistAgent } from '../../../../shared/schemas/plans/agents';
import { REGISTRIES } from '../tools/tool-registry';
import type { ToolContext } from '../tools/tool';

/**
 * How a target agent answers a request: with its own tools, through its own registry. The requester receives
 * the answer, never the tool.
 */
export function answerRequest(target: SpecialistAgent, request: AgentRequest, context: ToolContext): unknown {
  const registry = REGISTRIES[target];
  switch (request.type) {
    case 'ExtractEntities':
      return registry.run({ tool: 'extract_entities', args: { text: request.context } }, context);
    case 'FindSpatialContext':
      return registry.run({ tool: 'find_spatial_context', args: { entity_id: request.entity_id } }, context);
    case 'AnalyzeNarrative': {
      const themes = registry.run({ tool: 'list_themes', args: {} }, context) as {
        id: string;
        name: string;
        keywords: string[];
      }[];
      const arc = registry.run({ tool: 'read_story_arc', args: {} }, context) as {
        current?: { goal: string };
        tension: number;
      };
      const text = request.text.toLowerCase();
      const present = themes.filter((theme) =>
        [theme.name, ...theme.keywords].some((word) => text.includes(word.toLowerCase())),
      );
      return { themes: present.map((theme) => theme.id), actGoal: arc.current?.goal ?? null, tension: arc.tension };
    }
  }
}
