/** A labelled select over an enum's values, with a first option for "none chosen" (the empty string). */
export function EnumSelect<T extends string>({
  label,
  value,
  options,
  none,
  onChange,
}: {
  label: string;
  value: T | '';
  options: readonly T[];
  none: string;
  onChange: (value: T | '') => void;
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value as T | '')}>
        <option value="">{none}</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </label>
  );
}

/** An error said where it happened, read out by screen readers; nothing when there is none. */
export function ErrorBanner({ message }: { message: string | null }) {
  return message ? (
    <p className="banner banner-error" role="alert">
      {message}
    </p>
  ) : null;
}

/** What a form's last action said: an error read out at once (alert), anything else politely (status). */
export type Status = { kind: 'info' | 'error'; text: string } | null;

/** A status line for `Status`; nothing when there is none. */
export function StatusLine({ status, as: Tag = 'span' }: { status: Status; as?: 'span' | 'p' }) {
  if (!status) return null;
  const error = status.kind === 'error';
  return (
    <Tag className={error ? 'status status-error' : 'status'} role={error ? 'alert' : 'status'}>
      {status.text}
    </Tag>
  );
}
