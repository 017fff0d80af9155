/** Where in a strategy file an error was thrown: the first stack frame inside that file, as `path:line:column`. */
import { pathToFileURL } from 'node:url';

/** `/abs/s.ts:12:9` for the first frame of `error`'s stack (or its causes') in `file` (an absolute path). */
export function strategyFrame(error: unknown, file: string): string | undefined {
  const url = pathToFileURL(file).href;
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    for (const line of (current.stack ?? '').split('\n')) {
      const at = line.indexOf(url) >= 0 ? line.indexOf(url) + url.length : line.indexOf(file) >= 0 ? line.indexOf(file) + file.length : -1;
      if (at < 0) continue;
      const position = /^:(\d+):(\d+)/.exec(line.slice(at));
      if (position !== null) return `${file}:${position[1]}:${position[2]}`;
    }
  }
  return undefined;
}
