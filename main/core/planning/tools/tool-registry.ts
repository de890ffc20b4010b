import { z } from 'zod';
import { describeIssues } from '../../../../shared/schemas/zod-issues';
import type { PlannerAgent } from '../../../../shared/schemas/plans/agents';
import type { ToolUse } from '../../../../shared/schemas/plans/tool-use';
import type { ToolProblem } from '../../../../shared/schemas/trace';
import type { Tool, ToolContext } from './tool';
import { orchestratorTools } from './orchestrator-tools';
import { perceptionTools } from './perception-tools';
import { strategicTools } from './strategic-tools';
import { tacticalTools } from './tactical-tools';

/** A plan's trouble with a tool (one shape, the one its validation step records). */
export type { ToolProblem };

/** The tools of one agent. A plan's tool names are looked up here and nowhere else. */
export class ToolRegistry {
  private readonly tools: ReadonlyMap<string, Tool>;

  constructor(
    readonly owner: string,
    tools: readonly Tool[],
    private readonly ownerOf: (tool: string) => string | undefined = () => undefined,
  ) {
    this.tools = new Map(tools.map((tool) => [tool.name, tool]));
  }

  has(name: string): boolean {
    return this.tools.has(name);
  }

  names(): string[] {
    return [...this.tools.keys()];
  }

  /** The `{{TOOLS}}` text of this agent's prompt: its own tools and nothing else. */
  describe(): string {
    return [...this.tools.values()]
      .map((tool) => `- \`${tool.name}\`: ${tool.description}. Arguments: ${JSON.stringify(argsShape(tool))}`)
      .join('\n');
  }

  /** Checks each named tool against this registry; nothing is called. */
  check(uses: readonly { at: string; use: ToolUse }[]): ToolProblem[] {
    const problems: ToolProblem[] = [];
    for (const { at, use } of uses) {
      const tool = this.tools.get(use.tool);
      if (!tool) {
        const owner = this.ownerOf(use.tool);
        problems.push(
          owner
            ? {
                at,
                tool: use.tool,
                kind: 'foreign',
                owner,
                message: `${at}: ${use.tool} belongs to the ${owner} agent; the ${this.owner} agent may only use ${this.names().join(', ')}`,
              }
            : {
                at,
                tool: use.tool,
                kind: 'unknown',
                message: `${at}: there is no tool named ${JSON.stringify(use.tool.slice(0, 64))}; the ${this.owner} agent's tools are ${this.names().join(', ')}`,
              },
        );
        continue;
      }
      const args = tool.args.safeParse(use.args);
      if (!args.success)
        problems.push({
          at,
          tool: use.tool,
          kind: 'bad_args',
          message: `${at}: ${use.tool}: ${describeIssues(args.error)}`,
        });
    }
    return problems;
  }

  /** Runs one tool use that `check` accepted. */
  run(use: ToolUse, context: ToolContext): unknown {
    const tool = this.tools.get(use.tool);
    if (!tool) throw new Error(`${this.owner} has no tool ${use.tool}`);
    return tool.run(context, tool.args.parse(use.args));
  }
}

/** A tool's arguments as a compact shape for the prompt: name → JSON Schema type. */
function argsShape(tool: Tool): unknown {
  const schema = z.toJSONSchema(tool.args) as { properties?: Record<string, { type?: unknown; enum?: unknown }> };
  return Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([key, value]) => [key, value.enum ?? value.type ?? 'object']),
  );
}

const TOOLS_BY_AGENT: Record<PlannerAgent, readonly Tool[]> = {
  orchestrator: orchestratorTools,
  strategic: strategicTools,
  tactical: tacticalTools,
  perception: perceptionTools,
};

const OWNERS = new Map(
  Object.entries(TOOLS_BY_AGENT).flatMap(([agent, tools]) => tools.map((tool) => [tool.name, agent] as const)),
);

export const ownerOfTool = (name: string): string | undefined => OWNERS.get(name);

const ARGS = new Map(
  Object.values(TOOLS_BY_AGENT).flatMap((tools) => tools.map((tool) => [tool.name, tool.args] as const)),
);

/** A tool's own argument type, by its name, whoever owns it. */
export const toolArgsOf = (name: string): z.ZodType | undefined => ARGS.get(name);

/** One registry per agent: the distributed architecture's boundary. */
export const REGISTRIES: Record<PlannerAgent, ToolRegistry> = {
  orchestrator: new ToolRegistry('orchestrator', orchestratorTools, ownerOfTool),
  strategic: new ToolRegistry('strategic', strategicTools, ownerOfTool),
  tactical: new ToolRegistry('tactical', tacticalTools, ownerOfTool),
  perception: new ToolRegistry('perception', perceptionTools, ownerOfTool),
};

/** Every tool of every specialist in one list: what the centralized baseline's planner is shown. */
export const UNIFIED_TOOLS = new ToolRegistry(
  'planner',
  [...strategicTools, ...tacticalTools, ...perceptionTools],
  ownerOfTool,
);
