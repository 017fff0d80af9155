/** `trading-pro` with no command prints its usage and exits instead of starting a server. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

it('prints the usage and exits 0 when given no command', async () => {
  const { stdout, stderr } = await run(process.execPath, [cli], { timeout: 20_000 });
  expect(stdout).toMatch(/^Usage: trading-pro <command>/);
  for (const command of ['serve', 'cluster --processes N --port P', 'specs', 'backtest', 'run', 'account', 'orders [list]', 'orders place', 'orders cancel', 'positions [list]', 'positions close']) expect(stdout).toContain(`  ${command}`);
  expect(stderr).toBe('');
});

it('refuses an unknown command with exit code 2 and the usage on stderr', async () => {
  const error = await run(process.execPath, [cli, 'srve'], { timeout: 20_000 }).then(
    () => undefined,
    (reason: unknown) => reason as { code: number; stderr: string },
  );
  expect(error?.code).toBe(2);
  expect(error?.stderr).toMatch(/^unknown command "srve"\nUsage: trading-pro <command>/);
});
