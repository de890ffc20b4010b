import type { Choice, PlanningBlock } from '../schemas/planning-block';
import { warn, type RuleWarning } from './warnings';

/** A heading that starts planning text inside the narrative: "Options:", "**Choices**", "## What do you do?" ... */
const PLANNING_HEADING =
  /^\s*(?:#{1,6}\s*)?(?:\*\*|__)?\s*(options|choices|your options|your choices|possible actions|what (?:will|do|would) you do\??|planning(?: block)?|analysis|recommended approach|situation assessment|thinking)\s*:?\s*(?:\*\*|__)?\s*:?\s*$/i;
/** A list item: "1. ...", "2) ...", "- ...", "* ...", "• ...". */
const LIST_ITEM = /^\s*(?:\d{1,2}[.)]|[-*•])\s+(.+?)\s*$/;
/** Stray JSON or fenced code inside the narrative: a planning block the model put in the wrong field. */
const FENCED = /```[\s\S]*?```/g;
const INLINE_PLANNING_JSON = /\{\s*"(?:planning_block|choices|intent)"[\s\S]*\}\s*$/;

export interface Separated {
  narrative: string;
  block: PlanningBlock;
  warnings: RuleWarning[];
}

const normalizeText = (text: string) => text.replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();

function itemText(line: string): string | null {
  const match = LIST_ITEM.exec(line);
  return match
    ? match[1]!
        .replace(/^(?:\*\*|__)(.+?)(?:\*\*|__)/, '$1')
        .replace(/[*_`]/g, '')
        .trim()
    : null;
}

/**
 * The narrative holds prose only. Choice lists and planning text found in it are removed, and moved into
 * the planning block where they can be recovered: list items become choices (unless the block already has
 * them), other planning text is appended to `thinking`. Each removal is a warning.
 */
export function separateFields(narrative: string, block: PlanningBlock): Separated {
  // Removing a trailing list can expose another one above it: repeat until the narrative is prose only.
  let current: Separated = { narrative, block, warnings: [] };
  for (;;) {
    const next = separateOnce(current.narrative, current.block);
    if (next.narrative === current.narrative && next.block === current.block) return current;
    const seen = new Set(current.warnings.map((w) => w.code));
    current = { ...next, warnings: [...current.warnings, ...next.warnings.filter((w) => !seen.has(w.code))] };
  }
}

function separateOnce(narrative: string, block: PlanningBlock): Separated {
  const warnings: RuleWarning[] = [];
  let text = narrative;
  const movedPlanning: string[] = [];

  const fenced = text.match(FENCED);
  if (fenced) {
    movedPlanning.push(...fenced.map((f) => f.trim()));
    text = text.replace(FENCED, '');
  }
  const json = INLINE_PLANNING_JSON.exec(text);
  if (json) {
    movedPlanning.push(json[0].trim());
    text = text.slice(0, json.index);
  }

  const lines = text.replace(/\s+$/, '').split('\n');
  let cut = lines.length;
  const headingAt = lines.findIndex((line) => PLANNING_HEADING.test(line));
  if (headingAt >= 0) cut = headingAt;
  // A run of two or more list items that ends the narrative is a choice list, heading or not.
  let tail = lines.length;
  while (tail > 0 && (itemText(lines[tail - 1]!) !== null || lines[tail - 1]!.trim() === '')) tail--;
  const tailItems = lines.slice(tail).filter((line) => itemText(line) !== null).length;
  if (tailItems >= 2) cut = Math.min(cut, tail);

  const removed = lines.slice(cut);
  const choices: Record<string, Choice> = { ...block.choices };
  let recovered = 0;
  const existing = new Set(Object.values(block.choices).map((choice) => normalizeText(choice.text)));
  for (const line of removed) {
    const item = itemText(line);
    if (item !== null) {
      if (!existing.has(normalizeText(item))) {
        existing.add(normalizeText(item));
        let id = Object.keys(choices).length + 1;
        while (`recovered_${id}` in choices) id++;
        recovered++;
        choices[`recovered_${id}`] = {
          text: item,
          description: 'Recovered from the narrative, where it did not belong.',
          risk_level: 'medium',
        };
      }
    } else if (line.trim() && !PLANNING_HEADING.test(line)) {
      movedPlanning.push(line.trim());
    }
  }

  const removedItems = removed.some((line) => itemText(line) !== null);
  if (removedItems) {
    warnings.push(
      warn(
        'NARRATIVE_CONTAINED_CHOICES',
        `The narrative contained a choice list; it was moved into the planning block${recovered ? ` (${recovered} new choice${recovered > 1 ? 's' : ''})` : ''}.`,
      ),
    );
  }
  if (movedPlanning.length) {
    warnings.push(
      warn(
        'NARRATIVE_CONTAINED_PLANNING',
        "The narrative contained planning text; it was moved into the planning block's thinking.",
      ),
    );
  }
  if (!removed.length && !movedPlanning.length) return { narrative, block, warnings };

  const thinking = [block.thinking?.trim(), ...movedPlanning]
    .filter((part): part is string => Boolean(part))
    .join('\n\n');
  return {
    narrative: lines.slice(0, cut).join('\n').trim(),
    block: { ...block, choices, ...(thinking ? { thinking } : {}) },
    warnings,
  };
}
