import type { AgentRequest, AgentResponse } from '../../../../shared/schemas/plans/cross-agent';
import type { PlannerAgent, SpecialistAgent } from '../../../../shared/schemas/plans/agents';
import type { AuditTrail } from '../audit-trail';
import type { ToolContext } from '../tools/tool';
import { sleep } from '../../sleep';
import { answerRequest } from './answers';
import { authorize } from './capability-matrix';

export interface RoutedRequest {
  from: PlannerAgent;
  target: SpecialistAgent;
  request: AgentRequest;
  timeoutMs: number;
  turn: number;
  stepId: string | null;
}

export interface RouterOptions {
  audit: AuditTrail;
  context: ToolContext;
  /**
   * How long each agent takes to answer. Answers come from tools and are instant here; a delay stands for an
   * agent that thinks before it answers (benchmarks, and the deadline's tests).
   */
  answerDelayMs?: Partial<Record<SpecialistAgent, number>>;
  /** Who answers: the agents' own tools unless given. */
  answer?: (target: SpecialistAgent, request: AgentRequest, context: ToolContext) => unknown;
}

/**
 * The cross-agent request router: authorizes against the capability matrix, enforces the deadline, and
 * records every request and response in the audit trail. A late answer is dropped, and audited.
 */
export class RequestRouter {
  private readonly late = new Set<Promise<void>>();

  constructor(private readonly options: RouterOptions) {}

  async send(routed: RoutedRequest): Promise<AgentResponse> {
    const { audit } = this.options;
    const base = { turn: routed.turn, agent: routed.from, stepId: routed.stepId } as const;
    const what = { target: routed.target, type: routed.request.type };
    const refusal = authorize(routed.from, routed.target, routed.request.type);
    if (refusal) {
      audit.append({ ...base, kind: 'request_refused', detail: { ...what, reason: refusal } });
      return { status: 'refused', reason: refusal };
    }
    audit.append({
      ...base,
      kind: 'request_sent',
      detail: { ...what, request: routed.request, timeoutMs: routed.timeoutMs },
    });

    const answering = this.answer(routed.target, routed.request);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), routed.timeoutMs);
    });
    const outcome = await Promise.race([answering, deadline]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      const reason = `${routed.target} did not answer ${routed.request.type} within ${routed.timeoutMs} ms`;
      audit.append({ ...base, kind: 'request_timeout', detail: { ...what, timeoutMs: routed.timeoutMs } });
      const dropped = answering.then((late) => {
        audit.append({
          ...base,
          agent: routed.target,
          kind: 'late_answer_dropped',
          detail: { ...what, status: late.ok ? 'ok' : 'failed' },
        });
      });
      this.late.add(dropped);
      void dropped.finally(() => this.late.delete(dropped));
      return { status: 'timeout', reason };
    }
    if (!outcome.ok) {
      audit.append({
        ...base,
        agent: routed.target,
        kind: 'request_answered',
        detail: { ...what, status: 'failed', reason: outcome.reason },
      });
      return { status: 'failed', reason: outcome.reason };
    }
    audit.append({ ...base, agent: routed.target, kind: 'request_answered', detail: { ...what, status: 'ok' } });
    return { status: 'ok', result: outcome.result };
  }

  /** Resolves once every late answer still on its way has arrived and been audited. */
  async drain(): Promise<void> {
    await Promise.all([...this.late]);
  }

  private async answer(
    target: SpecialistAgent,
    request: AgentRequest,
  ): Promise<{ ok: true; result: unknown } | { ok: false; reason: string }> {
    const delay = this.options.answerDelayMs?.[target];
    if (delay) await sleep(delay);
    try {
      return { ok: true, result: (this.options.answer ?? answerRequest)(target, request, this.options.context) };
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  }
}
