/**
 * The open session's counters, each named for what it counts: the world clock, the story turn (the world's turn
 * counter, which a think turn leaves as it was) and the turns played (every entry of the list, story and think),
 * so "story turn 7" and the list's "Turn 10" read as two counts, not a contradiction.
 */
export function SessionCounters({ clock, storyTurn, turns }: { clock: string; storyTurn: number; turns: number }) {
  return (
    <>
      <span>{clock}</span> ·{' '}
      <span title="The world's turn counter: story turns advance it, think turns leave it as it was">
        story turn {storyTurn}
      </span>{' '}
      · <span title="Every turn in the list below, story and think">{turns === 1 ? '1 turn' : `${turns} turns`}</span>
    </>
  );
}
