import { z } from 'zod';

/** The agents that plan, each with its own tools and its own plan type. */
export const PlannerAgent = z.enum(['orchestrator', 'strategic', 'tactical', 'perception']);
export type PlannerAgent = z.infer<typeof PlannerAgent>;

/** The agents the orchestrator can give a task to. */
export const SpecialistAgent = z.enum(['strategic', 'tactical', 'perception']);
export type SpecialistAgent = z.infer<typeof SpecialistAgent>;

/** The narrators: StoryModeAgent answers story turns, PlanningAgent think turns. */
export const NarratorAgentName = z.enum(['StoryModeAgent', 'PlanningAgent']);

/** The centralized baseline's single planner, kept behind `planning.architecture: centralized`. */
export const LEGACY_PLANNER = 'planner';

/** Everyone that can appear in a trace or the audit. */
export const TraceAgent = z.enum(['engine', ...PlannerAgent.options, ...NarratorAgentName.options, LEGACY_PLANNER]);
export type TraceAgent = z.infer<typeof TraceAgent>;

/** Everyone that asks a model for something. */
export const ModelAgent = z.enum([...PlannerAgent.options, ...NarratorAgentName.options, LEGACY_PLANNER]);
export type ModelAgent = z.infer<typeof ModelAgent>;

/**
 * A playtest's own askers, outside any turn: the judge grading turns against a rubric and the simulated player
 * choosing the next input. Their answers are recorded in the session like a turn's, under these names.
 */
export const PlaytestAgent = z.enum(['judge', 'player']);
export type PlaytestAgent = z.infer<typeof PlaytestAgent>;

/** Whoever a model answers: a turn's agent or a playtest's. */
export const AskingAgent = z.enum([...ModelAgent.options, ...PlaytestAgent.options]);
export type AskingAgent = z.infer<typeof AskingAgent>;

export const Architecture = z.enum(['distributed', 'centralized']);
export type Architecture = z.infer<typeof Architecture>;
