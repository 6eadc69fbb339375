/**
 * HashiCorp's HCL parser (`@cdktf/hcl2json`, Go compiled to WebAssembly),
 * run in a worker thread so that no input can take the checker down with it:
 *
 * - a parse has a deadline; past it the worker is terminated, the file is
 *   refused (exit 2) and the next file gets a new worker;
 * - an input that overflows the Go runtime's stack leaves that runtime dead
 *   (every later parse in the same thread hangs or fails with "Go program has
 *   already exited"): after any failure the worker is thrown away;
 * - what the Go runtime prints when it dies (a goroutine dump of thousands of
 *   lines) is kept in the worker, never written to the user's terminal;
 * - the worker's heap is bounded, so a hostile file cannot exhaust memory.
 *
 * The worker is unreferenced: an idle parser never keeps the process alive.
 */
import { Worker } from 'node:worker_threads';

/** A parse that takes longer is abandoned: real files take milliseconds, 1 MB of expressions about 5 s here. */
export const HCL_PARSE_TIMEOUT_MS = 20_000;
/** The worker's heap limit. */
const WORKER_HEAP_MB = 1024;

/** Why a parse failed: `syntax` for the parser's own diagnostics, `failed` when the parser itself gave up. */
export class HclParseError extends Error {
  public constructor(
    message: string,
    public readonly kind: 'syntax' | 'failed',
  ) {
    super(message);
  }
}

/**
 * The worker's code, plain CommonJS (run with `eval`, so it works from the
 * compiled package and from the TypeScript sources under ts-jest alike).
 * Writes of the Go runtime to stdout and stderr, direct or by console, are swallowed.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const writeSync = fs.writeSync;
fs.writeSync = function (fd, buffer, ...rest) {
  if (fd === 1 || fd === 2) return typeof buffer === 'string' ? Buffer.byteLength(buffer) : (rest[1] ?? buffer.byteLength);
  return writeSync.call(fs, fd, buffer, ...rest);
};
for (const method of ['log', 'info', 'warn', 'error', 'debug']) console[method] = () => {};
const hcl = require(workerData.module);
parentPort.on('message', ({ id, file, text }) => {
  hcl.parse(file, text).then(
    (json) => parentPort.postMessage({ id, json }),
    (e) => parentPort.postMessage({ id, error: String((e && e.message) || e) }),
  );
});
`;

interface Pending {
  resolve: (json: Record<string, unknown>) => void;
  reject: (e: HclParseError) => void;
}

let current: { worker: Worker; pending: Map<number, Pending>; idle?: NodeJS.Timeout } | undefined;

/** An idle worker is let go after this long: its WebAssembly runtime holds tens of MB. */
export const HCL_IDLE_MS = 2000;
let nextId = 0;

function start(): NonNullable<typeof current> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { module: require.resolve('@cdktf/hcl2json') },
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, stackSizeMb: 1 },
  });
  const state = { worker, pending: new Map<number, Pending>() };
  const fail = (message: string) => {
    if (current === state) current = undefined;
    for (const p of state.pending.values()) p.reject(new HclParseError(message, 'failed'));
    state.pending.clear();
  };
  worker.on('message', (m: { id: number; json?: Record<string, unknown>; error?: string }) => {
    const p = state.pending.get(m.id);
    if (!p) return;
    state.pending.delete(m.id);
    if (m.error === undefined) p.resolve(m.json ?? {});
    else {
      // HCL diagnostics ("parse config: [...]") leave the parser sound; anything else may have killed it.
      if (!m.error.startsWith('parse config')) retire(state.worker);
      p.reject(new HclParseError(m.error, m.error.startsWith('parse config') ? 'syntax' : 'failed'));
    }
  });
  worker.on('error', (e) => fail(`the parser failed: ${e.message}`));
  worker.on('exit', (code) => fail(`the parser stopped (exit code ${code})`));
  // After the listeners: adding a 'message' listener references the worker again.
  worker.unref();
  return state;
}

/** Throws a worker away: the next parse starts a new one. */
function retire(worker: Worker): void {
  if (current?.worker === worker) current = undefined;
  void worker.terminate();
}

/** Parses one HCL file's text into the JSON form of configuration. */
export function parseHclText(file: string, text: string, timeoutMs = HCL_PARSE_TIMEOUT_MS): Promise<Record<string, unknown>> {
  const state = (current ??= start());
  clearTimeout(state.idle);
  const id = nextId++;
  // When the last pending parse is done, the worker is let go unless another parse comes soon.
  const settled = () => {
    if (state.pending.size === 0 && current === state) state.idle = setTimeout(() => retire(state.worker), HCL_IDLE_MS).unref();
  };
  return new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => {
      state.pending.delete(id);
      retire(state.worker);
      reject(new HclParseError(`not parsed within ${timeoutMs / 1000} s`, 'failed'));
    }, timeoutMs);
    state.pending.set(id, {
      resolve: (json) => {
        clearTimeout(timer);
        resolve(json);
        settled();
      },
      reject: (e) => {
        clearTimeout(timer);
        reject(e);
        settled();
      },
    });
    state.worker.postMessage({ id, file, text });
  });
}
