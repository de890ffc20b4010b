import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { detectMode } from '../../../../shared/rules/mode';
import type { Intent } from '../../../../shared/schemas/planning-block';

/**
 * What the player says next, with the Story / Think switch. Typing `THINK:` turns the switch to Think, as the
 * engine reads that prefix; the switch set by hand wins over the prefix. Enter plays, Shift+Enter breaks the line.
 */
export function PlayInput({
  playing,
  onPlay,
  onStop,
}: {
  playing: boolean;
  onPlay: (input: string, mode: Intent) => Promise<boolean>;
  onStop: () => void;
}) {
  const [text, setText] = useState('');
  const [chosen, setChosen] = useState<Intent | null>(null);
  // The engine's own reading of a THINK: prefix.
  const mode: Intent = chosen ?? detectMode(text).mode;

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!text.trim() || playing) return;
    if (await onPlay(text.trim(), mode)) {
      setText('');
      setChosen(null);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void submit();
    }
  };

  return (
    <form className="play-input" onSubmit={(e) => void submit(e)} aria-label="Play a turn">
      <div className="mode-switch" role="radiogroup" aria-label="Mode">
        {(['story', 'think'] as const).map((m) => (
          <label key={m} className={mode === m ? 'mode-option mode-option-on' : 'mode-option'}>
            <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setChosen(m)} />
            {m === 'story' ? 'Story' : 'Think'}
          </label>
        ))}
      </div>
      <textarea
        aria-label="What the character does"
        aria-keyshortcuts="/"
        title="Press / anywhere in the Sessions tab to type here"
        placeholder={
          mode === 'think'
            ? 'What should the character think through? Time stands still.'
            : 'What does the character do? Time moves on.'
        }
        value={text}
        rows={2}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      {playing ? (
        <button type="button" className="button-secondary" onClick={onStop}>
          Stop
        </button>
      ) : (
        <button type="submit" disabled={!text.trim()}>
          {mode === 'think' ? 'Think' : 'Play'}
        </button>
      )}
    </form>
  );
}
