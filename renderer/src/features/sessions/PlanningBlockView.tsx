import type { Choice, PlanningBlock } from '../../../../shared/schemas/planning-block';
import { RETURN_STORY_CHOICE_ID } from '../../../../shared/schemas/planning-block';

const RISK_LABEL: Record<Choice['risk_level'], string> = {
  safe: 'Safe',
  low: 'Low risk',
  medium: 'Medium risk',
  high: 'High risk',
};

/**
 * The planning block as a player reads it: the thinking, the situation, the choices with their trade-offs, and
 * the recommended approach. A choice is a button: it plays that choice as the next turn.
 */
export function PlanningBlockView({
  block,
  onChoose,
  disabled,
}: {
  block: PlanningBlock;
  onChoose: (id: string, choice: Choice) => void;
  disabled: boolean;
}) {
  const assessment = block.situation_assessment;
  return (
    <section className="planning-block" aria-label="Planning block">
      {block.thinking && (
        <details className="pb-thinking" open>
          <summary>Thinking</summary>
          <p>{block.thinking}</p>
        </details>
      )}
      {assessment && (
        <details className="pb-assessment" open>
          <summary>Situation assessment</summary>
          <p>{assessment.current_state}</p>
          <dl>
            {(
              [
                ['Key factors', assessment.key_factors],
                ['Constraints', assessment.constraints],
                ['Resources', assessment.resources_available],
              ] as const
            ).map(([label, items]) =>
              items.length ? (
                <div key={label}>
                  <dt>{label}</dt>
                  <dd>
                    <ul>
                      {items.map((item, i) => (
                        <li key={i}>{item}</li>
                      ))}
                    </ul>
                  </dd>
                </div>
              ) : null,
            )}
          </dl>
        </details>
      )}
      <ul className="pb-choices" aria-label="Choices">
        {Object.entries(block.choices).map(([id, choice]) => (
          <li key={id}>
            <button
              type="button"
              className="pb-choice"
              disabled={disabled}
              onClick={() => onChoose(id, choice)}
              aria-describedby={`choice-${cssId(id)}`}
            >
              <span className="pb-choice-text">{choice.text}</span>
              <span className={`badge risk-${choice.risk_level}`}>{RISK_LABEL[choice.risk_level]}</span>
              {choice.confidence && (
                <span className={`badge confidence-${choice.confidence}`}>{choice.confidence} confidence</span>
              )}
              {id === RETURN_STORY_CHOICE_ID && <span className="badge">back to the action</span>}
            </button>
            <div id={`choice-${cssId(id)}`} className="pb-choice-detail">
              <p>{choice.description}</p>
              {(choice.pros?.length || choice.cons?.length) && (
                <div className="pb-tradeoffs">
                  {choice.pros?.length ? (
                    <ul aria-label="Pros">
                      {choice.pros.map((p, i) => (
                        <li key={i} className="pro">
                          + {p}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  {choice.cons?.length ? (
                    <ul aria-label="Cons">
                      {choice.cons.map((c, i) => (
                        <li key={i} className="con">
                          − {c}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </div>
              )}
            </div>
          </li>
        ))}
      </ul>
      {block.analysis && (
        <div className="pb-analysis" role="note" aria-label="Recommended approach">
          <strong>Recommended:</strong> {block.analysis.recommended_approach}
          <p className="muted-inline">{block.analysis.reasoning}</p>
          {block.analysis.contingency && <p className="muted-inline">If it goes wrong: {block.analysis.contingency}</p>}
        </div>
      )}
    </section>
  );
}

const cssId = (id: string) => id.replace(/[^a-zA-Z0-9_-]/g, '_');
