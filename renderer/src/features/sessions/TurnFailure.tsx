/** A turn that could not be played: one message that says why (every agent's failure grouped) and a Retry. */
export function TurnFailure({
  message,
  input,
  busy,
  onRetry,
  onDismiss,
}: {
  message: string;
  /** What the retry plays: the same input. */
  input: string;
  busy: boolean;
  onRetry: () => void;
  onDismiss: () => void;
}) {
  return (
    <div className="banner banner-error turn-failure" role="alert">
      <p>{message}</p>
      <p className="muted-inline">Retry plays “{input}” again.</p>
      <div className="banner-actions">
        <button type="button" disabled={busy} onClick={onRetry}>
          Retry
        </button>
        <button type="button" className="button-secondary" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
