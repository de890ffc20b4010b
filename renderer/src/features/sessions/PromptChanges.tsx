import type { PromptChange } from '../../../../shared/rules/prompt-diff';
import { plural } from '../../../../shared/rules/plural';
import { WordDiff } from './WordDiff';

/** How the edited prompts changed the requests: per agent call, the changed lines word by word, the rest folded. */
export function PromptChanges({ changes }: { changes: readonly PromptChange[] }) {
  return (
    <section className="diff-section" aria-label="Requests">
      <h4>
        Requests: {changes.length ? `${plural(changes.length, 'prompt')} changed` : 'every prompt sent as recorded'}
      </h4>
      {changes.map((change) => (
        <details key={change.stepId} className="prompt-change" open={changes.length <= 2}>
          <summary>
            {change.agent} · {change.label}
            {change.before === null ? ' · a call the record does not have' : ''}
          </summary>
          {change.hunks.map((hunk, i) =>
            hunk.kind === 'same' ? (
              <p key={i} className="muted-inline prompt-same">
                … {plural(hunk.lines, 'line')} the same …
              </p>
            ) : (
              <pre key={i} className="code-block prompt-hunk" aria-label={`Prompt change for ${change.agent}`}>
                <WordDiff before={hunk.before} after={hunk.after} />
              </pre>
            ),
          )}
        </details>
      ))}
    </section>
  );
}
