import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TraceAgent } from '../../shared/schemas/plans/agents';
import { Breakpoint, matchesBreakpoint, TraceKind } from '../../shared/schemas/trace';

const agent = fc.constantFrom(...TraceAgent.options);
const kind = fc.constantFrom(...TraceKind.options);

describe('which steps a breakpoint stops at', () => {
  it.each([
    [{ agent: 'tactical', kind: 'validation' }, { agent: 'tactical', kind: 'validation' }, true],
    [{ agent: 'tactical', kind: 'validation' }, { agent: 'strategic', kind: 'validation' }, false],
    [{ agent: 'tactical', kind: 'validation' }, { agent: 'tactical', kind: 'model' }, false],
    [{ kind: 'validation' }, { agent: 'strategic', kind: 'validation' }, true],
    [{ agent: 'tactical' }, { agent: 'tactical', kind: 'tool' }, true],
  ] as const)('%j at %j: %s', (breakpoint, step, stops) => {
    expect(matchesBreakpoint(step, [Breakpoint.parse(breakpoint)])).toBe(stops);
  });

  it('an agent-and-kind breakpoint stops exactly where both match', () => {
    fc.assert(
      fc.property(agent, kind, agent, kind, (bAgent, bKind, sAgent, sKind) => {
        const stops = matchesBreakpoint({ agent: sAgent, kind: sKind }, [{ agent: bAgent, kind: bKind }]);
        expect(stops).toBe(bAgent === sAgent && bKind === sKind);
        // It stops at no more than either half alone would.
        if (stops) {
          expect(matchesBreakpoint({ agent: sAgent, kind: sKind }, [{ agent: bAgent }])).toBe(true);
          expect(matchesBreakpoint({ agent: sAgent, kind: sKind }, [{ kind: bKind }])).toBe(true);
        }
      }),
    );
  });
});
