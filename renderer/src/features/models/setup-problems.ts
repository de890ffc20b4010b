import type { z } from 'zod';
import { ModelSetup } from '../../../../shared/schemas/models';
import { describeIssue } from '../../../../shared/schemas/zod-issues';

const AGENT_NAMES: Record<string, string> = {
  orchestrator: 'The orchestrator',
  strategic: 'The strategic agent',
  tactical: 'The tactical agent',
  perception: 'The perception agent',
  StoryModeAgent: 'The story narrator',
  PlanningAgent: 'The think narrator',
  planner: 'The centralized planner',
};

/** What a field needs, said in words, by the field's name in the settings. */
const NEEDS: Record<string, string> = {
  model: 'needs a model name',
  baseUrl: 'needs a base URL that starts with http:// or https://',
  modelPath: 'needs a GGUF file',
};

/** Whose model an issue's path is about: the default one or an agent's own. */
function whose(path: readonly PropertyKey[]): string {
  if (path[0] === 'agents' && typeof path[1] === 'string') return `${AGENT_NAMES[path[1]] ?? path[1]}’s model`;
  return 'The default model';
}

/** One issue of a model setup as a writer reads it: "The default model needs a model name". */
export function describeSetupIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.at(-1);
  const need = typeof field === 'string' ? NEEDS[field] : undefined;
  if (need) return `${whose(issue.path)} ${need}.`;
  // Anything else keeps the project's own wording: the field's path and zod's message.
  return `${whose(issue.path)}: ${describeIssue({ ...issue, path: issue.path.slice(issue.path[0] === 'agents' ? 2 : 1) })}`;
}

/** Every problem of a model setup in words, one a line; none when it can be saved. */
export function setupProblems(setup: unknown): string[] {
  const parsed = ModelSetup.safeParse(setup);
  return parsed.success ? [] : [...new Set(parsed.error.issues.map(describeSetupIssue))];
}
