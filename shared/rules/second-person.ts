/**
 * The player's input retold in the second person, the way a narrator retells it: "I ask the guard to let us
 * through" becomes "You ask the guard to let you through". The player's words come back as the story's, never
 * echoed: every first-person word (I, me, my, we, us, our…) is turned, an order given to the story ("ask the
 * guard…") gets its subject, a question becomes what you wonder, and quoted speech is reported.
 */

// Whole words, in the order they are tried: the contractions before the pronouns they start with.
const PRONOUNS: [RegExp, string][] = [
  [/\bI am\b/g, 'you are'],
  [/\bI was\b/g, 'you were'],
  [/\b(I|we)['’]m\b/gi, 'you’re'],
  [/\b(I|we)['’]re\b/gi, 'you’re'],
  [/\b(I|we)['’]ve\b/gi, 'you’ve'],
  [/\b(I|we)['’]ll\b/gi, 'you’ll'],
  [/\b(I|we)['’]d\b/gi, 'you’d'],
  [/\bwe were\b/gi, 'you were'],
  [/\b(myself)\b/gi, 'yourself'],
  [/\b(ourselves)\b/gi, 'yourselves'],
  [/\b(mine|ours)\b/gi, 'yours'],
  [/\b(my|our)\b/gi, 'your'],
  [/\bI\b/g, 'you'],
  [/\b(me|we|us)\b/gi, 'you'],
];

/** Words a sentence can start with that are not an order to the story: a subject, a determiner, a question. */
const NOT_A_VERB = new Set(
  'you i we my our the a an this that these those there it he she they his her their its what who where when why how which whether if then now'.split(
    ' ',
  ),
);
const QUESTION =
  /^(can|could|should|would|will|shall|do|does|did|is|are|am|may|might|must|what|who|where|when|why|how|which)\b/i;
const VOCATIVE = /^([A-Z][\p{L}'’-]*(?: [A-Z][\p{L}'’-]*)?),\s+(.+)$/u;
const SPEECH = /^(?:(.*?)\s*)?["“]([^"”]+)["”](?:\s*,?\s*(.*))?$/;

/** Each first-person word turned to the second person; nothing else touched. */
export function turnPronouns(text: string): string {
  return PRONOUNS.reduce((out, [pattern, to]) => out.replace(pattern, to), text);
}

const sentence = (text: string) => text.trim().replace(/[.!?…,;:]+$/, '');
const lowerFirst = (text: string) => (/^I\b/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1));
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "Let us through," I tell the guard → You tell the guard to let you through. */
function reported(before: string, quoted: string, after: string): string {
  const frame = turnPronouns(sentence([before, after].filter(Boolean).join(' ')));
  const words = sentence(quoted);
  const told = /\b(tell|ask|beg|order|urge|call to|shout at|whisper to)\b/i.test(frame) ? frame : '';
  const said = turnPronouns(lowerFirst(words));
  if (QUESTION.test(words)) return `${told || 'you ask'}: ${said}?`;
  const firstWord = words.split(/\s+/)[0]!.toLowerCase();
  // An order inside the quote ("let us through") is told as one: you tell them to let you through.
  if (!NOT_A_VERB.has(firstWord) && !/^(yes|no|hello|hi|please)\b/i.test(words))
    return `${told || 'you ask them'} to ${said.replace(/^please\s+/i, '')}`;
  return `${frame && /^you\b/i.test(frame) ? frame : 'you say'} that ${said}`;
}

/**
 * The input as one sentence in the second person, with no end mark and a lower-case start (the narrator
 * capitalises it where it opens a sentence). An empty input gives an empty text.
 */
export function retellInSecondPerson(input: string): string {
  const text = sentence(input.replace(/\s+/g, ' '));
  if (!text) return '';
  const speech = SPEECH.exec(text);
  if (speech && speech[2]!.trim()) return reported(speech[1] ?? '', speech[2]!, speech[3] ?? '');
  // Words said to someone by name ("Ren, let us through"): you tell Ren to let you through.
  const vocative = VOCATIVE.exec(text);
  if (vocative && !NOT_A_VERB.has(vocative[1]!.toLowerCase()))
    return reported(`you tell ${vocative[1]}`, vocative[2]!, '');
  const turned = turnPronouns(text);
  if (/^you\b/i.test(turned)) return lowerFirst(turned);
  if (QUESTION.test(text) && /\?\s*$/.test(input.trim())) return `you wonder: ${lowerFirst(turned)}?`;
  const first = text.split(/\s+/)[0]!.toLowerCase();
  // An order given to the story ("ask the guard…", "go to the docks"): you do it.
  if (!NOT_A_VERB.has(first) && /^[a-z]/i.test(first)) return `you ${lowerFirst(turned)}`;
  return `you act on it: ${lowerFirst(turned)}`;
}

/** The retelling as the narrative's opening sentence. */
export function openingSentence(input: string): string {
  const told = retellInSecondPerson(input);
  if (!told) return 'You take a breath.';
  return `${capitalize(told)}${/[?]$/.test(told) ? '' : '.'}`;
}
