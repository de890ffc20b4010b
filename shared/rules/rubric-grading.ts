/**
 * The offline judge's rule: a rubric graded by plain checks, no model. It is a stand-in that makes judged
 * scripts run offline and reproducibly, not a judge of quality: it sees words, not meaning.
 *
 * - Each non-empty line of the rubric is one criterion (a leading `-`, `*` or `1.` is dropped).
 * - A criterion's content words are its words of three letters or more, less common words and the words a rubric
 *   uses to speak of the story (`mentions`, `narrative`, `player`...). A word is found in the subject when a word
 *   there has the same stem (a trailing `s`, `es`, `ed`, `ing` or `ly` dropped, then a final `e`), regardless of case.
 * - A phrase in double quotes must appear whole (regardless of case); its words are not also looked for alone.
 * - A criterion with a negation (`not`, `never`, `no`, `nobody`, `without`, `avoids`...) is met when nothing after the
 *   negation is found; a plain criterion is met when every phrase and every content word is found: "A dragon burns
 *   the harbor" is not met by a harbor that burns with no dragon.
 * - A criterion with nothing to look for is listed as not checkable and left out of the score.
 * - The score is the share of checkable criteria met, to two decimals; 0 when none can be checked.
 */

export interface GradedCriterion {
  criterion: string;
  /** False when the criterion names nothing to look for. */
  checkable: boolean;
  met: boolean;
  /** What decided it: the words found or missing. */
  why: string;
}

export interface RubricGrade {
  score: number;
  /** Which criteria were met and which were not, within the judgment's 1,000 characters. */
  reason: string;
  criteria: GradedCriterion[];
}

const NEGATIONS = new Set([
  'not',
  'never',
  'no',
  'nobody',
  'nothing',
  'none',
  'neither',
  'nor',
  'without',
  'avoid',
  'avoids',
  "doesn't",
  "don't",
  "isn't",
]);

const STOP_WORDS = new Set(
  (
    'the and for are but with that this those these then than there their them they its his her hers him she ' +
    'has have had was were will would should could can may might must does did doing done any all each every some ' +
    'one two more most less least very too also only just into onto from over under about after before when where ' +
    'which who whom whose what why how while not never nor without avoid avoids own other such same both either ' +
    'mention mentions mentioned name names named say says said describe describes described show shows shown ' +
    'include includes included contain contains refer refers keep keeps stay stays use uses used make makes ' +
    'narrative narrator story turn turns player players text answer response scene least once clearly appear appears'
  ).split(' '),
);

/** Crude on purpose: `comes`, `come` and `coming` all become `com`; `gates` and `gate` become `gat`. */
const stem = (word: string): string => {
  let base = word.replace(/['’]s$/, '');
  const suffix = /(?:ing|ed|ly|(?<=(?:s|x|z|ch|sh))es|s)$/.exec(base);
  if (suffix && base.length - suffix[0].length >= 3) base = base.slice(0, -suffix[0].length);
  return base.length > 3 && base.endsWith('e') ? base.slice(0, -1) : base;
};

const wordsOf = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];

/** A rubric's criteria: one a line, list markers dropped. */
export function rubricCriteria(rubric: string): string[] {
  return rubric
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '').trim())
    .filter((line) => line.length > 0);
}

/** The quoted phrases and the content words (as written, one a stem) a criterion looks for. */
function lookFor(text: string): { phrases: string[]; words: { word: string; stem: string }[] } {
  const phrases = [...text.matchAll(/"([^"]+)"|“([^”]+)”/g)].map((m) => (m[1] ?? m[2]!).toLowerCase().trim());
  const rest = text.replace(/"[^"]+"|“[^”]+”/g, ' ');
  const byStem = new Map<string, string>();
  for (const word of wordsOf(rest)) {
    if (word.length >= 3 && !STOP_WORDS.has(word) && !byStem.has(stem(word))) byStem.set(stem(word), word);
  }
  return { phrases: phrases.filter(Boolean), words: [...byStem].map(([s, word]) => ({ word, stem: s })) };
}

const negationAt = (tokens: readonly string[]) =>
  tokens.findIndex((t) => NEGATIONS.has(t.toLowerCase().replace(/[^a-z']/g, '')));

/** A criterion that says what must not be there ("does not mention the dragon", "never fights"). */
export const isNegated = (criterion: string): boolean => negationAt(criterion.split(/\s+/)) >= 0;

export function gradeCriterion(criterion: string, subject: string): GradedCriterion {
  const lower = subject.toLowerCase();
  const stems = new Set(wordsOf(subject).map(stem));
  const tokens = criterion.split(/\s+/);
  const at = negationAt(tokens);
  const negated = at >= 0;
  const { phrases, words } = lookFor(negated ? tokens.slice(at + 1).join(' ') : criterion);
  if (!phrases.length && !words.length) return { criterion, checkable: false, met: false, why: 'nothing to look for' };
  const foundPhrases = phrases.filter((p) => lower.includes(p));
  const foundWords = words.filter((w) => stems.has(w.stem));
  const found = [...foundPhrases.map((p) => `"${p}"`), ...foundWords.map((w) => w.word)];
  const missing = [
    ...phrases.filter((p) => !foundPhrases.includes(p)).map((p) => `"${p}"`),
    ...words.filter((w) => !foundWords.includes(w)).map((w) => w.word),
  ];
  if (negated) {
    const met = found.length === 0;
    return { criterion, checkable: true, met, why: met ? 'none found' : `found ${found.join(', ')}` };
  }
  const met = missing.length === 0;
  return {
    criterion,
    checkable: true,
    met,
    why: !missing.length
      ? 'all found'
      : found.length
        ? `found ${found.join(', ')}; missing ${missing.join(', ')}`
        : `missing ${missing.join(', ')}`,
  };
}

const REASON_CHARS = 1_000;

/** Grades a subject (a turn's or a story's text) against a rubric by the rules above. */
export function gradeByRubric(rubric: string, subject: string): RubricGrade {
  const criteria = rubricCriteria(rubric).map((c) => gradeCriterion(c, subject));
  const checkable = criteria.filter((c) => c.checkable);
  const met = checkable.filter((c) => c.met).length;
  const score = checkable.length ? Math.round((met / checkable.length) * 100) / 100 : 0;
  const lines = criteria.map(
    (c) => `${c.checkable ? (c.met ? 'met' : 'not met') : 'not checkable'}: ${c.criterion} (${c.why})`,
  );
  const head = checkable.length
    ? `offline check: ${met} of ${checkable.length} criteria met`
    : 'offline check: no criterion names anything to look for';
  let reason = [head, ...lines].join('; ');
  if (reason.length > REASON_CHARS) reason = `${reason.slice(0, REASON_CHARS - 1)}…`;
  return { score, reason, criteria };
}
