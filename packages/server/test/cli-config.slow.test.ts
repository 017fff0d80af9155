/** `trading-pro serve` with a mistyped configuration: one line naming the key, a non-zero exit, no stack trace. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
let dir: string | undefined;

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function serve(yaml: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  dir = mkdtempSync(join(tmpdir(), 'tp-cli-config-'));
  const file = join(dir, 'config.yaml');
  writeFileSync(file, yaml);
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [cli, 'serve', '--config', file], { env: { ...process.env, DATA_DIR: dir, PORT: '0' }, timeout: 20_000 }, (_error, stdout, stderr) =>
      resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

it('stops on a typo under brokers with one line naming the key and the likely intended one', async () => {
  const { code, stdout, stderr } = await serve('brokers:\n  paper: { comission: { rate: 0.001 }, seed: 42 }\n');
  expect(code).not.toBe(0);
  expect(stdout).toBe('');
  expect(stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/ at brokers\.paper\.comission: unknown key — did you mean commission\?$/)]);
});

it("stops on options the adapter refuses with one line, not a stack trace", async () => {
  const { code, stderr } = await serve('accounts:\n  - { id: A, name: A, broker: binance, currency: USD, initialBalance: 1000 }\nbrokers:\n  binance: { secret: s }\n');
  expect(code).not.toBe(0);
  expect(stderr.trimEnd().split('\n')).toEqual(['config error at brokers.binance.apiKey: is required']);
});
