/**
 * A real headless browser for the HTML report's tests: Debian's chromium,
 * driven through the Chrome DevTools Protocol over a pipe
 * (`--remote-debugging-pipe`: commands on file descriptor 3, answers and
 * events on 4, each a JSON message ended by a NUL byte), so no port is
 * opened and no package is needed.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** Where chromium is: CHROMIUM, else Debian's. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

type Message = {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
};

export interface Page {
  /** Sends a command to the page. */
  send<T = Record<string, unknown>>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** Evaluates an expression in the page and returns its value (JSON). */
  evaluate<T>(expression: string): Promise<T>;
  /** The URLs the page requested, in order. */
  readonly requests: string[];
  /** Messages the page wrote to its console, and errors it threw. */
  readonly console: string[];
}

export interface Browser {
  /** Opens a URL in a new page and waits for its load event. */
  open(url: string): Promise<Page>;
  close(): Promise<void>;
}

/** Starts chromium headless with a fresh profile; throws a clear error when it is not installed. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} not found: the HTML report is tested in Debian's chromium (apt-get install -y chromium; .ci/run installs it), or set CHROMIUM`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'cts-audit-chromium-'));
  const child: ChildProcess = spawn(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      '--hide-scrollbars',
      `--user-data-dir=${profile}`,
      '--remote-debugging-pipe',
      'about:blank',
    ],
    // Its own process group, so that closing can end the helper processes with it.
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], detached: true },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const input = child.stdio[3] as Writable;
  const output = child.stdio[4] as Readable;

  let nextId = 1;
  const pending = new Map<number, { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  const listeners = new Set<(m: Message) => void>();
  let buffer = Buffer.alloc(0);
  output.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (let end = buffer.indexOf(0); end >= 0; end = buffer.indexOf(0)) {
      const message = JSON.parse(buffer.subarray(0, end).toString('utf8')) as Message;
      buffer = buffer.subarray(end + 1);
      if (message.id !== undefined && pending.has(message.id)) {
        const p = pending.get(message.id)!;
        pending.delete(message.id);
        if (message.error) p.reject(new Error(`chromium: ${message.error.message}`));
        else p.resolve(message.result ?? {});
      } else {
        for (const l of listeners) l(message);
      }
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code) => {
    for (const p of pending.values()) p.reject(new Error(`chromium exited (${code}): ${stderr}`));
    pending.clear();
  });

  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      input.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    });

  return {
    async open(url: string): Promise<Page> {
      const { targetId } = (await send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
      const { sessionId } = (await send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
      const requests: string[] = [];
      const consoleMessages: string[] = [];
      let loaded: () => void = () => undefined;
      const load = new Promise<void>((resolve) => (loaded = resolve));
      listeners.add((m) => {
        if (m.sessionId !== sessionId) return;
        if (m.method === 'Network.requestWillBeSent') requests.push(String((m.params?.request as { url?: string })?.url));
        if (m.method === 'Page.loadEventFired') loaded();
        if (m.method === 'Runtime.consoleAPICalled') consoleMessages.push(JSON.stringify(m.params?.args));
        if (m.method === 'Runtime.exceptionThrown') consoleMessages.push(JSON.stringify(m.params?.exceptionDetails));
        if (m.method === 'Log.entryAdded') consoleMessages.push(String((m.params?.entry as { text?: string })?.text));
      });
      for (const domain of ['Page', 'Network', 'Runtime', 'Log']) await send(`${domain}.enable`, {}, sessionId);
      await send('Page.navigate', { url }, sessionId);
      await load;
      const page: Page = {
        send: <T>(method: string, params?: Record<string, unknown>) => send(method, params, sessionId) as Promise<T>,
        async evaluate<T>(expression: string): Promise<T> {
          const r = (await send('Runtime.evaluate', { expression, returnByValue: true }, sessionId)) as {
            result: { value: T };
            exceptionDetails?: unknown;
          };
          if (r.exceptionDetails) throw new Error(`in the page: ${JSON.stringify(r.exceptionDetails)}`);
          return r.result.value;
        },
        requests,
        console: consoleMessages,
      };
      return page;
    },
    async close(): Promise<void> {
      try {
        await Promise.race([send('Browser.close'), exited]);
      } catch {
        // Closing ends the pipe: an answer may never come.
      }
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
      // Chromium's helper processes may outlive the browser and still write to the profile: end its whole group.
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // ESRCH: the group is already gone.
      }
      rmSync(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
    },
  };
}
