/** One choice of the whole setup (recording, orchestration): a titled section, a labelled select, what it means. */
export function SetupChoice<T extends string>({
  title,
  id,
  label,
  value,
  options,
  help,
  onChange,
}: {
  title: string;
  id: string;
  label: string;
  value: T;
  /** Each value with the words the select shows for it. */
  options: Record<T, string>;
  /** What each value means, shown under the select. */
  help: Record<T, string>;
  onChange: (value: T) => void;
}) {
  return (
    <section className="models-section">
      <h2>{title}</h2>
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <select id={id} value={value} onChange={(event) => onChange(event.target.value as T)}>
          {(Object.entries(options) as [T, string][]).map(([option, text]) => (
            <option key={option} value={option}>
              {text}
            </option>
          ))}
        </select>
      </div>
      <p className="muted">{help[value]}</p>
    </section>
  );
}
