import { describe, expect, it } from 'vitest';
import { detailFields } from '../../renderer/src/features/audit/audit-detail';

describe("an audit entry's detail in the Audit table", () => {
  it.each([
    [
      'a plan made',
      { schema: 'OrchestrationPlan', attempt: 0 },
      [
        ['schema', 'OrchestrationPlan'],
        ['attempt', '0'],
      ],
    ],
    [
      'a request sent, its request nested',
      { target: 'tactical', request: { type: 'FindSpatialContext', entity_id: 'mara' }, timeoutMs: 2000 },
      [
        ['target', 'tactical'],
        ['request', '{"type":"FindSpatialContext","entity_id":"mara"}'],
        ['timeoutMs', '2000'],
      ],
    ],
    ['a narrative on one line', { text: 'The gate.\n\nRen waits.  ' }, [['text', 'The gate. Ren waits.']]],
    [
      'nothing, and a flag',
      { reason: null, edited: true },
      [
        ['reason', '–'],
        ['edited', 'true'],
      ],
    ],
    ['no fields', {}, []],
  ])('%s', (_what, detail, fields) => {
    expect(detailFields(detail).map((field) => [field.name, field.value])).toEqual(fields);
  });
});
