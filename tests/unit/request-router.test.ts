import { describe, expect, it } from 'vitest';
import { AuditTrail } from '../../main/core/planning/audit-trail';
import { authorize, CAPABILITY_MATRIX } from '../../main/core/planning/protocol/capability-matrix';
import { RequestRouter } from '../../main/core/planning/protocol/request-router';
import { seededRandom } from '../../main/core/random';
import type { AgentRequest } from '../../shared/schemas/plans/cross-agent';
import { PlannerAgent, SpecialistAgent } from '../../shared/schemas/plans/agents';
import { exampleWorld } from '../support/engine';

const requests: AgentRequest[] = [
  { type: 'AnalyzeNarrative', text: "Tobin swore on his friend's life; the guard wanted silver." },
  { type: 'ExtractEntities', context: 'I give the lantern to Tob at the harbor gate.' },
  { type: 'FindSpatialContext', entity_id: 'mara' },
];

async function router(answerDelayMs?: Partial<Record<SpecialistAgent, number>>) {
  const audit = new AuditTrail();
  const context = { world: await exampleWorld(), history: [], random: seededRandom(1) };
  return { audit, router: new RequestRouter({ audit, context, ...(answerDelayMs ? { answerDelayMs } : {}) }) };
}

const send = (
  r: RequestRouter,
  from: PlannerAgent,
  target: SpecialistAgent,
  request: AgentRequest,
  timeoutMs = 1_000,
) => r.send({ from, target, request, timeoutMs, turn: 0, stepId: 'step' });

describe('the capability matrix', () => {
  // The policy, written out: who may ask whom for what. Every other combination is refused.
  const ALLOWED = new Set([
    'orchestrator→strategic:AnalyzeNarrative',
    'tactical→strategic:AnalyzeNarrative',
    'perception→strategic:AnalyzeNarrative',
    'orchestrator→perception:ExtractEntities',
    'strategic→perception:ExtractEntities',
    'tactical→perception:ExtractEntities',
    'orchestrator→tactical:FindSpatialContext',
    'strategic→tactical:FindSpatialContext',
    'perception→tactical:FindSpatialContext',
  ]);
  const cases = PlannerAgent.options.flatMap((from) =>
    SpecialistAgent.options.flatMap((target) => requests.map((request) => [from, target, request.type] as const)),
  );
  it.each(cases)('%s asking %s for %s', (from, target, type) => {
    expect(authorize(from, target, type) === null).toBe(ALLOWED.has(`${from}→${target}:${type}`));
  });

  it('lets the orchestrator ask each specialist for what it owns', () => {
    for (const request of requests)
      expect(authorize('orchestrator', CAPABILITY_MATRIX[request.type].answeredBy, request.type)).toBeNull();
  });
});

describe('the request router', () => {
  it("answers an authorized request with the target agent's own tools, and audits request and answer", async () => {
    const { router: r, audit } = await router();
    const response = await send(r, 'strategic', 'perception', requests[1]!);
    expect(response).toEqual({
      status: 'ok',
      result: [
        { text: 'lantern', id: 'lantern', kind: 'item', via: 'alias' },
        { text: 'Tob', id: 'tobin', kind: 'person', via: 'alias' },
        { text: 'the harbor gate', id: 'harbor_gate', kind: 'location', via: 'exact' },
      ],
    });
    expect(audit.entries().map((e) => [e.kind, e.agent])).toEqual([
      ['request_sent', 'strategic'],
      ['request_answered', 'perception'],
    ]);
  });

  it('finds the themes of a text for AnalyzeNarrative', async () => {
    const { router: r } = await router();
    const response = await send(r, 'orchestrator', 'strategic', requests[0]!);
    expect(response).toMatchObject({ status: 'ok', result: { themes: ['trust', 'greed', 'the_law'], tension: 2 } });
  });

  it('refuses an unauthorized request without asking the target, and audits the refusal', async () => {
    const audit = new AuditTrail();
    let asked = false;
    const refusing = new RequestRouter({
      audit,
      context: { world: await exampleWorld(), history: [], random: seededRandom(1) },
      answer: () => (asked = true),
    });
    expect(await send(refusing, 'perception', 'tactical', requests[1]!)).toEqual({
      status: 'refused',
      reason: 'tactical does not answer ExtractEntities; perception does',
    });
    expect(await send(refusing, 'tactical', 'tactical', requests[2]!)).toMatchObject({
      status: 'refused',
      reason: 'tactical cannot ask itself for FindSpatialContext',
    });
    expect(asked).toBe(false);
    expect(audit.entries().map((e) => e.kind)).toEqual(['request_refused', 'request_refused']);
  });

  it('enforces the deadline: the requester gets TIMEOUT, and the late answer is dropped and audited', async () => {
    const { router: r, audit } = await router({ tactical: 300 });
    const response = await send(r, 'perception', 'tactical', requests[2]!, 20);
    expect(response).toEqual({ status: 'timeout', reason: 'tactical did not answer FindSpatialContext within 20 ms' });
    expect(audit.entries().map((e) => e.kind)).toEqual(['request_sent', 'request_timeout']);
    await r.drain();
    expect(audit.entries().map((e) => e.kind)).toEqual(['request_sent', 'request_timeout', 'late_answer_dropped']);
    expect(audit.entries()[2]).toMatchObject({
      agent: 'tactical',
      detail: { type: 'FindSpatialContext', status: 'ok' },
    });
  });

  it('reports a target that fails as failed, audited', async () => {
    const audit = new AuditTrail();
    const failing = new RequestRouter({
      audit,
      context: { world: await exampleWorld(), history: [], random: seededRandom(1) },
      answer: () => {
        throw new Error('the index is gone');
      },
    });
    expect(await send(failing, 'orchestrator', 'perception', requests[1]!)).toEqual({
      status: 'failed',
      reason: 'the index is gone',
    });
    expect(audit.entries().map((e) => e.kind)).toEqual(['request_sent', 'request_answered']);
  });
});
