/** Finds the nginx binary `trading-pro cluster` runs, and says how to get it when there is none. */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

/** Where packages put nginx when their sbin is not on a user's PATH (Debian, Homebrew on Apple silicon and Intel). */
const WELL_KNOWN = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/opt/homebrew/bin/nginx', '/usr/local/bin/nginx'];

export const NGINX_MISSING =
  'nginx is not installed, and `trading-pro cluster` runs it in front of the processes: on Debian/Ubuntu `sudo apt-get install nginx`, on macOS `brew install nginx` (or set NGINX to its path)';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `NGINX` when set (it must exist), else nginx on PATH, else a well-known place; undefined when there is none. */
export function findNginx(env: Env): string | undefined {
  if (env.NGINX !== undefined && env.NGINX !== '') return executable(env.NGINX) ? env.NGINX : undefined;
  const onPath = (env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'nginx'));
  return [...onPath, ...WELL_KNOWN].find(executable);
}
