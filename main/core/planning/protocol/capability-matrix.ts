import type { AgentRequestType } from '../../../../shared/schemas/plans/cross-agent';
import type { PlannerAgent, SpecialistAgent } from '../../../../shared/schemas/plans/agents';

export interface Capability {
  /** The one agent that answers this request, with its own tools. */
  answeredBy: SpecialistAgent;
  /** The agents allowed to ask for it. */
  askers: readonly PlannerAgent[];
}

/** Who may ask whom for what. Anything not listed here is refused and audited. */
export const CAPABILITY_MATRIX: Readonly<Record<AgentRequestType, Capability>> = {
  AnalyzeNarrative: { answeredBy: 'strategic', askers: ['orchestrator', 'tactical', 'perception'] },
  ExtractEntities: { answeredBy: 'perception', askers: ['orchestrator', 'strategic', 'tactical'] },
  FindSpatialContext: { answeredBy: 'tactical', askers: ['orchestrator', 'strategic', 'perception'] },
};

/** Why `from` may not ask `target` for `type`, or null when it may. */
export function authorize(from: PlannerAgent, target: SpecialistAgent, type: AgentRequestType): string | null {
  const capability = CAPABILITY_MATRIX[type];
  if (capability.answeredBy !== target) return `${target} does not answer ${type}; ${capability.answeredBy} does`;
  if (from === target) return `${from} cannot ask itself for ${type}`;
  if (!capability.askers.includes(from))
    return `${from} may not ask for ${type} (allowed: ${capability.askers.join(', ')})`;
  return null;
}
