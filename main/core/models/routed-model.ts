import type { AskingAgent } from '../../../shared/schemas/plans/agents';
import type { ModelRef } from '../../../shared/schemas/model-ref';
import {
  modelIdFor,
  modelLabelFor,
  modelRefFor,
  modelStartsLate,
  type Completion,
  type Model,
  type ModelRequest,
} from './model';

/** One model for every agent, with some agents answered by models of their own. */
export class RoutedModel implements Model {
  readonly id: string;
  readonly label: string;

  constructor(
    private readonly fallback: Model,
    private readonly byAgent: Partial<Record<AskingAgent, Model>>,
  ) {
    this.id = fallback.id;
    const others = Object.entries(byAgent).map(([agent, model]) => `${agent}: ${model.label}`);
    this.label = others.length ? `${fallback.label} (${others.join('; ')})` : fallback.label;
  }

  private modelOf(agent: AskingAgent): Model {
    return this.byAgent[agent] ?? this.fallback;
  }

  idFor(agent: AskingAgent): string {
    return modelIdFor(this.modelOf(agent), agent);
  }

  labelFor(agent: AskingAgent): string {
    return modelLabelFor(this.modelOf(agent), agent);
  }

  refFor(agent: AskingAgent): ModelRef | undefined {
    return modelRefFor(this.modelOf(agent), agent);
  }

  startsLate(agent: AskingAgent): boolean {
    return modelStartsLate(this.modelOf(agent), agent);
  }

  complete(request: ModelRequest): Promise<Completion> {
    return this.modelOf(request.agent).complete(request);
  }
}
