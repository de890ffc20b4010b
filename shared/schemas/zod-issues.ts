import { z } from 'zod';

/**
 * One zod issue as a user (or a re-asked model) can act on: the field in zod's own dot path (`turns[2].mode`,
 * the notation of `z.prettifyError`), then zod's message. An issue about the whole value has no path to name.
 */
export function describeIssue(issue: z.core.$ZodIssue): string {
  return issue.path.length ? `${z.core.toDotPath(issue.path)}: ${messageOf(issue)}` : messageOf(issue);
}

/** zod's message, and for a record key it refused, why: "Invalid key in record" alone names no rule. */
function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'invalid_key' || !issue.issues.length) return issue.message;
  return `${issue.message}: ${issue.issues.map((inner) => inner.message).join('; ')}`;
}

/**
 * Every zod message of the workbench, on one line: the first issues, each as `describeIssue` writes it, and how
 * many more there are. One line because it lands in an error envelope, a warning, a log line and a model's re-ask.
 */
export function describeIssues(error: z.ZodError, limit = 5): string {
  const shown = error.issues.slice(0, limit).map(describeIssue);
  const more = error.issues.length - shown.length;
  return more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; ');
}
