/**
 * A playtest run spread over workers on many machines, through bullmq queues in one Redis. bullmq and ioredis are
 * imported where a farm is first used, not when this loads: most commands, and every host start, never touch a
 * farm, and loading the two was a fifth of the CLI's start.
 */
export { collectRun, forgetRun, runProgress, type CollectedRun, type RunProgress } from './collect-run';
export { enqueueRun, SESSION_ATTEMPTS, type EnqueueOptions } from './enqueue-run';
export { SESSION_JOB_FORMAT, SealedSession, SessionJob, SessionOutcome, RunManifest } from './farm-jobs';
export { followRun, type FollowEvents } from './follow-run';
export { FARM_PREFIX, newRunName, parseRunName, RUNS_QUEUE, sessionJobIdOf, sessionQueueOf } from './farm-names';
export { startFarmWorker, type FarmWorker, type FarmWorkerOptions } from './farm-worker';
export { parseRateLimit, rateLimitOf, type RateLimit } from './rate-limits';
export { connectRedis, describeRedisError } from './redis-connect';
export { parseRedisUrl, type FarmRedis } from './redis-url';
