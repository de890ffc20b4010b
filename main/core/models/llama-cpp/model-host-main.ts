import { canonical } from '../model';
import { HostRequest, type HostLoad, type HostReply } from './host-protocol';
import { LlamaRuntime, RuntimeError } from './llama-runtime';

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
  const port = (process as unknown as { parentPort?: { postMessage(m: unknown): void; on(e: 'message', l: (event: { data: unknown }) => void): void } }).parentPort;
  if (port) return { send: (reply) => port.postMessage(reply), listen: (handler) => port.on('message', (event) => handler(event.data)) };
  if (process.send) {
    const send = process.send.bind(process);
    return { send: (reply) => void send(reply), listen: (handler) => process.on('message', handler) };
  }
  throw new Error('The model host runs as a child of the workbench, with a message channel to it.');
}

const runtimes = new Map<string, LlamaRuntime>();
const runtimeFor = (load: HostLoad) => {
  const key = canonical(load);
  let runtime = runtimes.get(key);
  if (!runtime) runtimes.set(key, (runtime = new LlamaRuntime(load)));
  return runtime;
};
const calls = new Map<number, AbortController>();

const io = channel();
const fail = (id: number, error: unknown) => {
  if (error instanceof RuntimeError) io.send({ type: 'error', id, code: error.code, message: error.message });
  else io.send({ type: 'error', id, code: 'UNAVAILABLE', message: error instanceof Error ? error.message : String(error) });
};

io.listen((message) => {
  const parsed = HostRequest.safeParse(message);
  if (!parsed.success) return; // the workbench only sends what it parsed itself; anything else is not ours to answer
  const request = parsed.data;
  switch (request.type) {
    case 'cancel':
      calls.get(request.id)?.abort();
      return;
    case 'check':
      runtimeFor(request.load)
        .check()
        .then((checked) => io.send({ type: 'checked', id: request.id, ...checked }), (error: unknown) => fail(request.id, error));
      return;
    case 'generate': {
      const controller = new AbortController();
      calls.set(request.id, controller);
      runtimeFor(request.load)
        .generate(request, {
          signal: controller.signal,
          onStart: () => io.send({ type: 'started', id: request.id }),
          onText: (chunk) => io.send({ type: 'text', id: request.id, chunk }),
        })
        .then((done) => io.send({ type: 'done', id: request.id, ...done }), (error: unknown) => fail(request.id, error))
        .finally(() => calls.delete(request.id));
      return;
    }
  }
});

// The workbench going away ends the host: a parent that died leaves no orphan holding a model in memory.
process.on('disconnect', () => process.exit(0));
