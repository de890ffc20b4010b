import {
  isMethodName,
  methods,
  type MethodInput,
  type MethodName,
  type MethodOutput,
} from '../../../shared/ipc/contract';
import { AppError, fail, ok, type Result } from '../../../shared/ipc/result';
import { describeIssues } from '../../../shared/schemas/zod-issues';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../../shared/rules/json-depth';

export type Handler<M extends MethodName> = (input: MethodInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M>;
export type Handlers = { [M in MethodName]: Handler<M> };

export interface DispatcherLog {
  error(message: string, error: unknown): void;
}

export type Dispatch = (method: unknown, input: unknown) => Promise<Result<unknown>>;

/**
 * The one dispatcher both hosts use: it checks that the method exists, parses the input, calls the handler
 * and returns a result envelope. Errors cross as values; stack traces stay in the host's log.
 */
export function createDispatcher(handlers: Handlers, log: DispatcherLog): Dispatch {
  return async (method, input) => {
    if (!isMethodName(method)) {
      const shown = typeof method === 'string' ? method.slice(0, 80) : typeof method;
      return fail('UNKNOWN_METHOD', `No method named ${JSON.stringify(shown)}`);
    }
    // Before any schema: no input of the contract nests this deep, and what walks it next could overflow.
    if (nestsDeeperThan(input))
      return fail('BAD_INPUT', `${method}: the input is nested more than ${MAX_JSON_DEPTH} levels deep`);
    const parsed = methods[method].input.safeParse(input);
    if (!parsed.success) {
      return fail('BAD_INPUT', `${method}: ${describeIssues(parsed.error)}`);
    }
    try {
      const handler = handlers[method] as (input: unknown) => Promise<unknown> | unknown;
      const value = await handler(parsed.data);
      // The output is checked too: a handler that breaks the contract is our bug, not the renderer's problem.
      const output = methods[method].output.safeParse(value);
      if (!output.success) {
        log.error(`${method}: handler output broke the contract: ${describeIssues(output.error)}`, output.error);
        return fail('INTERNAL', `${method}: internal error (details are in the host's log)`);
      }
      return ok(output.data);
    } catch (error) {
      if (error instanceof AppError) return fail(error.code, error.message);
      log.error(`${method} failed`, error);
      return fail('INTERNAL', `${method}: internal error (details are in the host's log)`);
    }
  };
}
