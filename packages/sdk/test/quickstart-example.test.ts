/** examples/sdk-quickstart.ts, run as written against a real server, shows its own order and position events. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { startLiveServer, type LiveServer } from './server.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const example = 'examples/sdk-quickstart.ts';
let server: LiveServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The file without its opening doc comment: what the SDK README shows. */
function exampleBody(): string {
  return readFileSync(`${root}${example}`, 'utf8').replace(/^\/\*\*[\s\S]*?\*\/\n/, '').trim();
}

describe(example, () => {
  it('is the example the SDK README shows', () => {
    const readme = readFileSync(`${root}packages/sdk/README.md`, 'utf8');
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => (match[1] ?? '').trim());
    expect(blocks).toContain(exampleBody());
  });

  it('prints the fill of its own order and the position it opens, then exits', async () => {
    server = await startLiveServer();
    const { stdout } = await run(process.execPath, [example], { cwd: root, env: { ...process.env, TRADING_PRO_URL: server.url }, timeout: 20_000 });
    const lines = stdout.split('\n');
    const filled = lines.find((line) => /^order \S+ 2 0\.01$/.test(line));
    expect(filled).toBeDefined();
    expect(lines.some((line) => /^position BTCUSD 0\.01 /.test(line))).toBe(true);
    // The order printed at the end is the one whose fill the listener saw.
    expect(stdout).toContain(`id: '${String(filled?.split(' ')[1])}'`);
  });
});
