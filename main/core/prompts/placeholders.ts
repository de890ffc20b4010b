import { createHash } from 'node:crypto';
import { z } from 'zod';
import { PlanningBlock } from '../../../shared/schemas/planning-block';
import { RUNTIME_PLACEHOLDERS, type RuntimeName } from './runtime-placeholders';

/** Text generated from code and injected into a prompt: a schema, or an agent's tool list. */
export interface InjectedSchema {
  name: string;
  description: string;
  text: string;
  /** SHA-256 of the injected text, shortened: the same hash means the same text, in code and in prompts. */
  hash: string;
}

export function injectedSchema(name: string, description: string, text: string): InjectedSchema {
  return { name, description, text, hash: createHash('sha256').update(text).digest('hex').slice(0, 16) };
}

const PLANNING_BLOCK_SCHEMA = injectedSchema(
  'PLANNING_BLOCK_SCHEMA',
  'The JSON Schema of the planning block, generated from shared/schemas/planning-block.ts',
  JSON.stringify(z.toJSONSchema(PlanningBlock, { io: 'output' }), null, 2),
);

/** Schemas every prompt may inject. */
export const SCHEMAS: ReadonlyMap<string, InjectedSchema> = new Map([
  [PLANNING_BLOCK_SCHEMA.name, PLANNING_BLOCK_SCHEMA],
]);

/**
 * What an agent's prompt injects from code, with a text of its own for each agent: its plan schema narrowed to its
 * tools, and its tool list. Planning makes the texts (it knows the agents, their plan types and registries); here
 * they are named and described for the editor's hover and completion, and for lint.
 */
export const AGENT_INJECTIONS = [
  {
    name: 'PLAN_SCHEMA',
    description: "The JSON Schema of the prompt's agent's own plan type, generated from shared/schemas/plans",
  },
  { name: 'TOOLS', description: "The prompt's agent's own tools, listed from its registry: never another agent's" },
] as const;

export type AgentInjection = (typeof AGENT_INJECTIONS)[number]['name'];

/** A prompt an agent is sent: its entry file, and what it may and must use. */
export interface TargetSpec {
  entry: string;
  label: string;
  /** Placeholders the assembled prompt must use. */
  requires: readonly string[];
  /** The schemas and generated lists this target's prompt may inject. */
  schemas: ReadonlyMap<string, InjectedSchema>;
  /** The runtime values this target's prompt may use: rows of the one runtime table. */
  runtime: readonly RuntimeName[];
}

/** Every placeholder some prompt can fill: the shared schemas, an agent's own injections, the runtime values. */
export const KNOWN_PLACEHOLDERS: ReadonlySet<string> = new Set([
  ...SCHEMAS.keys(),
  ...AGENT_INJECTIONS.map((s) => s.name),
  ...RUNTIME_PLACEHOLDERS.keys(),
]);

/** Every placeholder described, for the editor. */
export const placeholderDocs = () => [
  ...[...SCHEMAS.values()].map((s) => ({
    name: s.name,
    kind: 'schema' as const,
    description: `${s.description} (hash ${s.hash})`,
  })),
  ...AGENT_INJECTIONS.map((s) => ({ ...s, kind: 'schema' as const })),
  ...[...RUNTIME_PLACEHOLDERS.values()].map((v) => ({
    name: v.name,
    kind: 'runtime' as const,
    description: v.description,
  })),
];
