import { canonical } from '../model';
import { HOST_EXIT_LOAD_HUNG, HostRequest, type HostLoad, type HostReply } from './host-protocol';
import { LlamaRuntime, LoadHung, RuntimeError } from './llama-runtime';
import { describeIssues } from '../../../../shared/schemas/zod-issues';

/**
 * The model host: a child process that runs native model runtimes for the workbench, so a native abort, an
 * out-of-memory kill or a hang takes this process down and never the app. It speaks the messages of
 * host-protocol.ts over Electron's parentPort (a utilityProcess) or Node's IPC channel (child_process.fork).
 */

interface Channel {
  send(reply: HostReply): void;
  listen(handler: (message: unknown) => void): void;
}

function channel(): Channel {
  const port = (
    process as unknown as {
      parentPort?: { postMessage(m: unknown): void; on(e: 'message', l: (event: { data: unknown }) => void): void };
    }
  ).parentPort;
  if (port)
    return {
      send: (reply) => port.postMessage(reply),
      listen: (handler) => port.on('message', (event) => handler(event.data)),
    };
  if (process.send) {
    const send = process.send.bind(process);
    return { send: (reply) => void send(reply), listen: (handler) => process.on('message', handler) };
  }
  throw new Error('The model host runs as a child of the workbench, with a message channel to it.');
}

/**
 * One runtime per model file, for its latest load settings: a file asked for with other settings (threads, a
 * context size) is loaded anew, and the old one is let go once no call uses it, so two copies never compete
 * for the cores and the memory for long.
 */
const runtimes = new Map<string, { key: string; runtime: LlamaRuntime }>();
const inFlight = new Map<LlamaRuntime, number>();
const retired = new Set<LlamaRuntime>();

const letGo = () => {
  for (const runtime of retired) {
    if (inFlight.get(runtime)) continue;
    retired.delete(runtime);
    void runtime.dispose();
  }
};

function using<T>(load: HostLoad, run: (runtime: LlamaRuntime) => Promise<T>): Promise<T> {
  const key = canonical(load);
  const current = runtimes.get(load.modelPath);
  let runtime = current?.runtime;
  if (!current || current.key !== key) {
    if (current) retired.add(current.runtime);
    runtime = new LlamaRuntime(load);
    runtimes.set(load.modelPath, { key, runtime });
  }
  const held = runtime!;
  inFlight.set(held, (inFlight.get(held) ?? 0) + 1);
  return run(held).finally(() => {
    inFlight.set(held, inFlight.get(held)! - 1);
    letGo();
  });
}
const calls = new Map<number, AbortController>();

const io = channel();
const fail = (id: number, error: unknown) => {
  if (error instanceof LoadHung) {
    // Native code that hangs cannot be stopped: this host ends, and the workbench's next call starts a fresh one.
    io.send({
      type: 'error',
      id,
      code: 'CRASHED',
      message: `${error.message}; the model host was restarted, and the next call starts a fresh one`,
    });
    setImmediate(() => process.exit(HOST_EXIT_LOAD_HUNG));
  } else if (error instanceof RuntimeError) io.send({ type: 'error', id, code: error.code, message: error.message });
  else
    io.send({
      type: 'error',
      id,
      code: 'UNAVAILABLE',
      message: error instanceof Error ? error.message : String(error),
    });
};

io.listen((message) => {
  const parsed = HostRequest.safeParse(message);
  if (!parsed.success) {
    // The workbench sends only what it checked itself: a message that does not parse is answered as an error
    // for its call, so nothing waits for an answer that never comes.
    const id = (message as { id?: unknown } | null)?.id;
    if (typeof id === 'number')
      io.send({
        type: 'error',
        id,
        code: 'UNAVAILABLE',
        message: `the model host could not read the call: ${describeIssues(parsed.error, 1)}`,
      });
    return;
  }
  const request = parsed.data;
  switch (request.type) {
    case 'cancel':
      calls.get(request.id)?.abort();
      return;
    case 'check':
      using(request.load, (runtime) => runtime.check()).then(
        (checked) => io.send({ type: 'checked', id: request.id, ...checked }),
        (error: unknown) => fail(request.id, error),
      );
      return;
    case 'generate': {
      const controller = new AbortController();
      calls.set(request.id, controller);
      using(request.load, (runtime) =>
        runtime.generate(request, {
          signal: controller.signal,
          onStart: () => io.send({ type: 'started', id: request.id }),
          onText: (chunk) => io.send({ type: 'text', id: request.id, chunk }),
        }),
      )
        .then(
          (done) => io.send({ type: 'done', id: request.id, ...done }),
          (error: unknown) => fail(request.id, error),
        )
        .finally(() => calls.delete(request.id));
      return;
    }
  }
});

// The workbench going away ends the host: a parent that died leaves no orphan holding a model in memory.
process.on('disconnect', () => process.exit(0));
