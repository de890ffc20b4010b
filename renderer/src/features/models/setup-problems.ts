import type { z } from 'zod';
import { ModelSetup, ProbeSettings } from '../../../../shared/schemas/models';

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

/** Each numeric or other field of the form by the name its label gives it. */
const FIELD_NAMES: Record<string, string> = {
  temperature: 'temperature',
  maxTokens: 'max tokens',
  seed: 'seed',
  threads: 'threads',
  parallel: 'generations at once',
  gpuLayers: 'GPU layers',
  contextSize: 'context (tokens)',
  model: 'model name',
  baseUrl: 'base URL',
  modelPath: 'GGUF file',
  structuredOutput: 'structured output',
  provider: 'provider',
  gpu: 'GPU setting',
};

/** What is wrong with a field's value, from the issue's kind and bounds, without zod's wording. */
function wrongWith(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'string' ? 'cannot be empty' : `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'string'
        ? `is at most ${String(issue.maximum)} characters`
        : `must be at most ${String(issue.maximum)}`;
    case 'invalid_type':
      return issue.expected === 'int'
        ? 'must be a whole number'
        : issue.expected === 'number'
          ? 'must be a number'
          : 'is missing or of the wrong kind';
    case 'invalid_value':
    case 'invalid_union':
      return 'is not one of the choices';
    case 'unrecognized_keys':
      return `has a setting it does not know (${issue.keys.join(', ')})`;
    default:
      return issue.message;
  }
}

/** One issue of a model setup as a writer reads it: "The default model needs a model name". */
export function describeSetupIssue(issue: z.core.$ZodIssue, who = whose(issue.path)): string {
  const field = issue.path.at(-1);
  const need = typeof field === 'string' ? NEEDS[field] : undefined;
  if (need && (issue.code === 'too_small' || issue.code === 'custom' || issue.code === 'invalid_type'))
    return `${who} ${need}.`;
  const name = typeof field === 'string' ? FIELD_NAMES[field] : undefined;
  if (name) return `${who}’s ${name} ${wrongWith(issue)}.`;
  // A problem with the setup as a whole, or a part the form does not show: said without zod's path notation.
  return `${who} ${wrongWith(issue)}.`;
}

/** Every problem of a model setup in words, one a line; none when it can be saved. */
export function setupProblems(setup: unknown): string[] {
  const parsed = ModelSetup.safeParse(setup);
  return parsed.success ? [] : [...new Set(parsed.error.issues.map((issue) => describeSetupIssue(issue)))];
}

/** Every problem of one model's settings for a connection test (its model name may be empty), in words. */
export function probeProblems(settings: unknown): string[] {
  const parsed = ProbeSettings.safeParse(settings);
  return parsed.success
    ? []
    : [...new Set(parsed.error.issues.map((issue) => describeSetupIssue(issue, 'This model')))];
}
