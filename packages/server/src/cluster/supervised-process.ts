/**
 * A child process of the cluster: its output passed through line by line under a prefix, the last lines of its
 * stderr kept to say why it died, and its exit as a promise. Children get their own process group, so a Ctrl-C
 * reaches the cluster alone and the cluster stops them in order.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

const TAIL_LINES = 20;

export class SupervisedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  readonly #tail: string[] = [];
  #exit: Exit | undefined;

  constructor(name: string, command: string, args: readonly string[], options: { env: NodeJS.ProcessEnv; out: (line: string) => void; err: (line: string) => void }) {
    this.name = name;
    this.child = spawn(command, args, { env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.exited = new Promise((resolve) => {
      this.child.once('error', (error) => {
        this.#remember(error.message);
        if (this.child.pid === undefined) this.#settle({ code: null, signal: null }, resolve);
      });
      // The last stderr lines may still be on their way when the process has gone: wait for the pipes briefly.
      this.child.once('exit', (code, signal) => {
        const settle = () => this.#settle({ code, signal }, resolve);
        const late = setTimeout(settle, 500);
        this.child.once('close', () => {
          clearTimeout(late);
          settle();
        });
      });
    });
    const pass = (stream: NodeJS.ReadableStream | null, write: (line: string) => void, keep: boolean) => {
      if (stream === null) return;
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        if (keep) this.#remember(line);
        write(`[${name}] ${line}`);
      });
    };
    pass(this.child.stdout, options.out, false);
    pass(this.child.stderr, options.err, true);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.#exit === undefined && this.child.pid !== undefined;
  }

  /** How it ended, for a person: `exited with code 1: <its last stderr line>`. */
  describeExit(exit: Exit): string {
    const how = exit.signal !== null ? `was killed by ${exit.signal}` : exit.code === null ? 'could not start' : `exited with code ${exit.code}`;
    const last = this.#tail.map(reason).filter((line) => line !== undefined).at(-1);
    return last === undefined ? how : `${how}: ${last}`;
  }

  /** Sends `signal`; after `graceMs` without an exit, SIGKILL. Resolves once it has exited. */
  async stop(signal: NodeJS.Signals, graceMs: number): Promise<Exit> {
    if (this.running) this.child.kill(signal);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const forced = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        // The whole group: an nginx master's workers too.
        if (this.running && this.child.pid !== undefined) killGroup(this.child.pid);
        resolve();
      }, graceMs);
    });
    await Promise.race([this.exited, forced]);
    clearTimeout(timer);
    return this.exited;
  }

  #remember(line: string): void {
    this.#tail.push(line);
    if (this.#tail.length > TAIL_LINES) this.#tail.shift();
  }

  #settle(exit: Exit, resolve: (exit: Exit) => void): void {
    if (this.#exit !== undefined) return;
    this.#exit = exit;
    resolve(exit);
  }
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** What a stderr line says about a failure: an error message, not a stack frame or Node's own trailer. */
function reason(line: string): string | undefined {
  const text = line.trim();
  if (text === '' || /^(at |\}|\^|Node\.js v|code: |\{$)/.test(text)) return undefined;
  if (text.startsWith('{')) {
    try {
      const entry = JSON.parse(text) as { level?: number; msg?: string; err?: { message?: string } };
      return (entry.level ?? 0) >= 50 ? (entry.err?.message ?? entry.msg) : undefined;
    } catch {
      return text;
    }
  }
  return text.replace(/^Error: /, '');
}
