/**
 * One server per SQLite store: `<db>.lock` holds the PID of the process using it. A second process refuses to
 * start and names the holder; a lock whose holder is gone (a crash, `kill -9`) is taken over at once.
 */
import { openSync, closeSync, readFileSync, unlinkSync, writeSync } from 'node:fs';

export class StoreLockedError extends Error {
  readonly holderPid: number;

  constructor(path: string, holderPid: number) {
    super(`storage error: ${path} is in use by process ${holderPid} (lock file ${path}.lock); stop that server first, or give this one another storage.path or DATA_DIR`);
    this.name = 'StoreLockedError';
    this.holderPid = holderPid;
  }
}

export class StoreLock {
  readonly #file: string;
  #held = true;
  readonly #onExit = () => this.release();

  private constructor(file: string) {
    this.#file = file;
    // A process that ends without closing its store (an uncaught error) still leaves no lock behind.
    process.once('exit', this.#onExit);
  }

  /** Takes the lock of the database at `path`; throws StoreLockedError while a live process holds it. */
  static acquire(path: string): StoreLock {
    const file = `${path}.lock`;
    for (let attempt = 0; attempt < 3; attempt++) {
      if (tryCreate(file)) return new StoreLock(file);
      const holder = holderOf(file);
      if (holder === process.pid) return new StoreLock(file);
      if (holder !== undefined && isAlive(holder)) throw new StoreLockedError(path, holder);
      // A dead holder (or a torn file): remove it and race for it again; the exclusive create decides.
      try {
        unlinkSync(file);
      } catch {
        // another process removed it first
      }
    }
    const holder = holderOf(file);
    throw new StoreLockedError(path, holder ?? 0);
  }

  release(): void {
    if (!this.#held) return;
    this.#held = false;
    process.off('exit', this.#onExit);
    try {
      if (holderOf(this.#file) === process.pid) unlinkSync(this.#file);
    } catch {
      // already gone
    }
  }
}

function tryCreate(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

function holderOf(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
