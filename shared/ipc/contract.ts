import { z } from 'zod';
import { Architecture, TraceAgent } from '../schemas/plans/agents';
import { Diagnostic, PreviewTarget, Segment } from '../schemas/prompt-preview';
import { KeyInfo, ModelSetup, ProbeSettings } from '../schemas/models';
import { AuditKind } from '../schemas/audit';
import { AuditReport, BundleAuditEntry, Branch, SessionSummary, StoredId, TimelinePage } from '../schemas/session';
import { Paused, TraceStep } from '../schemas/trace';
import { WorldState } from '../schemas/world';
import { playtestEvents, playtestMethods } from './playtest-methods';
import { noteMethods } from './note-methods';
import { searchMethods } from './search-methods';
import { takeBackMethods } from './take-back-methods';
import { costMethods } from './cost-methods';
import { draftMethods } from './draft-methods';
import { turnMethods } from './turn-methods';
import { Seed } from '../schemas/session-state';
import { PromptDrafts, PromptName, PromptText } from './prompt-text';

/**
 * The one contract between the renderer and the host, whichever transport carries it.
 * Methods are `noun.verb`, events `noun.pastTense`. Every input and output is parsed with these schemas.
 */

export { PromptName };

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
    output: z.object({
      files: z.array(PromptFileInfo),
      /** What under the prompts folder could not be listed (a link in a circle, a folder that cannot be read). */
      problems: z.array(z.object({ path: z.string(), message: z.string() })),
    }),
  },
  'prompts.read': {
    input: z.object({ name: PromptName }).strict(),
    output: z.object({ name: PromptName, content: z.string(), version: PromptVersion }),
  },
  'prompts.write': {
    input: z
      .object({
        name: PromptName,
        content: PromptText,
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
        overrides: PromptDrafts.optional(),
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
      /** Lint of the whole set, and each placeholder or include the preview marked in place instead of filling. */
      diagnostics: z.array(Diagnostic),
      /** Why nothing could be assembled (the target's entry file is missing), or null. */
      error: z.string().nullable(),
      /** For each prompt file, the targets whose prompt it is part of, the one it belongs to first. */
      fileTargets: z.record(PromptName, z.array(PreviewTarget)),
    }),
  },
  'prompts.lint': {
    input: z.object({ overrides: PromptDrafts.optional() }).strict(),
    output: z.object({ diagnostics: z.array(Diagnostic) }),
  },
  'prompts.placeholders': {
    input: z.object({}).strict(),
    output: z.object({
      placeholders: z.array(
        z.object({ name: z.string(), kind: z.enum(['schema', 'runtime']), description: z.string() }),
      ),
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
        seed: Seed.optional(),
      })
      .strict(),
    output: z.object({
      sessionId: z.string(),
      branchId: StoredId,
      title: z.string(),
      architecture: Architecture,
      seed: z.number().int(),
      model: z.string(),
      clock: z.string(),
    }),
  },
  'sessions.list': {
    input: z.object({}).strict(),
    output: z.object({ sessions: z.array(SessionSummary) }),
  },
  'sessions.get': {
    input: z.object({ sessionId: StoredId }).strict(),
    output: z.object({
      session: SessionSummary,
      branches: z.array(Branch),
      /** The clock before the first turn, so a session with no turns yet shows its time. */
      start: z.object({
        clock: z.string(),
        worldTimeUs: z.number().int().nonnegative(),
        turnCounter: z.number().int().nonnegative(),
      }),
    }),
  },
  /** A page of a branch's turns (the main branch's by default), oldest first. */
  'sessions.timeline': {
    input: z
      .object({
        sessionId: StoredId,
        branchId: StoredId.optional(),
        from: z.number().int().nonnegative().optional(),
        limit: z.number().int().min(1).max(500).optional(),
        /**
         * The last page instead, from the last multiple of `limit` (a session opening on its latest turn learns
         * its length and gets the page it shows in one request).
         */
        lastPage: z.literal(true).optional(),
      })
      .strict()
      .refine((input) => !(input.lastPage && input.from !== undefined), 'from and lastPage do not go together'),
    output: TimelinePage,
  },
  /** A new session holding the timeline up to a turn; the parent stays as it was. */
  'sessions.fork': {
    input: z
      .object({
        sessionId: StoredId,
        turnId: StoredId,
        branchId: StoredId.optional(),
        title: z.string().min(1).max(200).optional(),
      })
      .strict(),
    output: SessionSummary,
  },
  /** A new branch of the same session, playing on after a turn. */
  'sessions.branch': {
    input: z.object({ sessionId: StoredId, turnId: StoredId, name: z.string().min(1).max(100).optional() }).strict(),
    output: Branch,
  },
  /** Deletes a session with everything of it, its key included. */
  'sessions.delete': {
    input: z.object({ sessionId: StoredId }).strict(),
    output: z.object({ sessionId: StoredId }),
  },
  /** The session as a bundle file's bytes, in base64; sealed when a passphrase is given. Never holds a key or secret. */
  'sessions.export': {
    input: z.object({ sessionId: StoredId, passphrase: z.string().min(8).max(1_000).optional() }).strict(),
    output: z.object({ fileName: z.string(), base64: z.string(), sealed: z.boolean() }),
  },
  /** A bundle file's bytes in base64, either version, sealed or not. */
  'sessions.import': {
    input: z
      .object({ base64: z.string().min(4).max(60_000_000), passphrase: z.string().max(1_000).optional() })
      .strict(),
    output: SessionSummary,
  },
  ...turnMethods,
  ...noteMethods,
  ...searchMethods,
  ...takeBackMethods,
  ...draftMethods,
  /** Verifies the audit chain of one session, or of all; a broken chain is a report, not an error. */
  'audit.verify': {
    input: z.object({ sessionId: StoredId.optional() }).strict(),
    output: AuditReport,
  },
  /** A page of a session's audit entries in chain order, narrowed by agent and kind. */
  'audit.list': {
    input: z
      .object({
        sessionId: StoredId,
        agent: TraceAgent.optional(),
        kind: AuditKind.optional(),
        from: z.number().int().nonnegative().optional(),
        limit: z.number().int().min(1).max(1_000).optional(),
      })
      .strict(),
    output: z.object({ total: z.number().int().nonnegative(), entries: z.array(BundleAuditEntry) }),
  },
  /**
   * The model setup, which API keys are stored (masked: a key itself never crosses the contract back), and the
   * threads a local model gets on this machine when none is set, with why.
   */
  'models.get': {
    input: z.object({}).strict(),
    output: z.object({
      setup: ModelSetup,
      keys: z.array(KeyInfo),
      localThreads: z.object({ threads: z.number().int().min(1), reason: z.string() }),
    }),
  },
  /** Sets the models the next turns play with. */
  'models.set': {
    input: z.object({ setup: ModelSetup }).strict(),
    output: z.object({ setup: ModelSetup }),
  },
  /** Stores an API key, sealed; `id` is the provider and endpoint it is for (see keyIdOf). */
  'models.setKey': {
    input: z.object({ id: z.string().min(1).max(600), key: z.string().min(1).max(4_096) }).strict(),
    output: KeyInfo,
  },
  'models.deleteKey': {
    input: z.object({ id: z.string().min(1).max(600) }).strict(),
    output: z.object({}),
  },
  /** Checks a model can be reached as set up (with its stored key) and lists what it offers. */
  'models.test': {
    input: z.object({ settings: ProbeSettings }).strict(),
    output: z.object({ ok: z.boolean(), message: z.string(), models: z.array(z.string()) }),
  },
  /** An Ollama server on this machine, and GGUF files in a folder the user chose. */
  'models.detect': {
    input: z
      .object({ folder: z.string().min(1).max(4_096).optional(), ollamaUrl: z.string().max(200).optional() })
      .strict(),
    output: z.object({
      ollama: z.object({ baseUrl: z.string(), models: z.array(z.string()) }).nullable(),
      gguf: z.array(z.object({ path: z.string(), size: z.number() })),
    }),
  },
  ...playtestMethods,
  ...costMethods,
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
  /**
   * The narrator's prose as the model writes it: `text` continues the step's narrative at `offset`. A re-ask is a
   * new step and starts again at 0; the stored narrative is what the last step wrote.
   */
  'planning.narrativeWritten': z.object({
    sessionId: z.string(),
    stepId: z.string(),
    offset: z.number().int().nonnegative(),
    text: z.string(),
  }),
  /** A turn waits at a breakpoint, before `step`; `answer` is the model answer it may edit, if the step holds one. */
  'planning.paused': Paused.extend({ sessionId: z.string() }),
  ...playtestEvents,
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
