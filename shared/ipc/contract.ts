import { z } from 'zod';
import { Intent } from '../schemas/planning-block';
import { Architecture } from '../schemas/plans/agents';
import { Diagnostic, PreviewTarget, Segment } from '../schemas/prompt-preview';
import { TraceStep } from '../schemas/trace';
import { TurnResult } from '../schemas/turn';
import { WorldState } from '../schemas/world';

/**
 * The one contract between the renderer and the host, whichever transport carries it.
 * Methods are `noun.verb`, events `noun.pastTense`. Every input and output is parsed with these schemas.
 */

/** A prompt file's name relative to the project's prompts folder, e.g. `planning_protocol.md` or `agents/x.md`. */
export const PromptName = z.string().min(1).max(255);

/** A version is the SHA-256 of the file's bytes: it changes exactly when the content does. */
export const PromptVersion = z.string().regex(/^[0-9a-f]{64}$/, 'a version is a 64-digit hex SHA-256');

export const PromptFileInfo = z.object({
  name: PromptName,
  version: PromptVersion,
  size: z.number().int().nonnegative(),
  modifiedAt: z.string(),
});

export const HostKind = z.enum(['electron', 'web']);

export const methods = {
  'app.info': {
    input: z.object({}).strict(),
    output: z.object({
      name: z.string(),
      version: z.string(),
      host: HostKind,
      projectDir: z.string(),
    }),
  },
  'prompts.list': {
    input: z.object({}).strict(),
    output: z.object({ files: z.array(PromptFileInfo) }),
  },
  'prompts.read': {
    input: z.object({ name: PromptName }).strict(),
    output: z.object({ name: PromptName, content: z.string(), version: PromptVersion }),
  },
  'prompts.write': {
    input: z
      .object({
        name: PromptName,
        content: z.string().max(2_000_000),
        /** The version the editor started from; null creates a new file and fails if one exists. */
        baseVersion: PromptVersion.nullable(),
      })
      .strict(),
    output: z.object({ name: PromptName, version: PromptVersion }),
  },
  'prompts.preview': {
    input: z
      .object({
        target: PreviewTarget,
        /** Unsaved editor text by file name: the preview follows typing, not only saves. */
        overrides: z.record(PromptName, z.string().max(2_000_000)).optional(),
      })
      .strict(),
    output: z.object({
      target: PreviewTarget,
      label: z.string(),
      entry: PromptName,
      text: z.string(),
      segments: z.array(Segment),
      schemaHashes: z.record(z.string(), z.string()),
      tokenEstimate: z.number().int().nonnegative(),
      diagnostics: z.array(Diagnostic),
      /** Why the prompt could not be assembled (a missing include, a placeholder with no value), or null. */
      error: z.string().nullable(),
    }),
  },
  'prompts.lint': {
    input: z.object({ overrides: z.record(PromptName, z.string().max(2_000_000)).optional() }).strict(),
    output: z.object({ diagnostics: z.array(Diagnostic) }),
  },
  'prompts.placeholders': {
    input: z.object({}).strict(),
    output: z.object({
      placeholders: z.array(z.object({ name: z.string(), kind: z.enum(['schema', 'runtime']), description: z.string() })),
    }),
  },
  'sessions.create': {
    input: z
      .object({
        title: z.string().min(1).max(200),
        /** The world to start in; the project's `play.world` setting when left out. */
        world: WorldState.optional(),
        /** The project's `planning.architecture` setting when left out. */
        architecture: Architecture.optional(),
        seed: z.number().int().nonnegative().max(2 ** 31 - 1).optional(),
      })
      .strict(),
    output: z.object({ sessionId: z.string(), title: z.string(), architecture: Architecture, seed: z.number().int(), model: z.string(), clock: z.string() }),
  },
  'turns.play': {
    input: z
      .object({
        sessionId: z.string().min(1).max(100),
        input: z.string().max(20_000),
        /** An explicit mode wins over a THINK: prefix. */
        mode: Intent.optional(),
      })
      .strict(),
    output: TurnResult,
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const events = {
  /** A prompt file was added, changed or removed on disk (by the workbench or anything else). */
  'prompts.changed': z.object({
    name: PromptName,
    /** null when the file was removed. */
    version: PromptVersion.nullable(),
  }),
  /** A trace step of a turn started or finished: the step-through view fills from these, live. */
  'planning.stepRecorded': z.object({ sessionId: z.string(), step: TraceStep }),
} as const satisfies Record<string, z.ZodType>;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.infer<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.infer<Methods[M]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;

export const methodNames = Object.keys(methods) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methods, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
