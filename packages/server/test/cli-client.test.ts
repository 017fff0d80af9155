/** The CLI's client commands against a real server: account, orders list/place/cancel, positions list/close. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClientCommand, type CLIENT_COMMANDS } from '../src/commands/client-commands.ts';
import { eventually, startServer, type TestServer } from './harness.ts';

const TOKEN = 'cli-token-0123456789';
const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
let server: TestServer;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startServer({ auth: { mode: 'token', tokens: [{ token: TOKEN, accountId: 'DEMO-001' }] } });
  env = { TRADING_PRO_URL: server.url, TRADING_PRO_TOKEN: TOKEN };
});
afterAll(async () => {
  await server.close();
});

async function run(command: keyof typeof CLIENT_COMMANDS, ...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runClientCommand(command, args, env, (line) => out.push(line), (line) => err.push(line));
  return { code, out, err };
}

describe('client commands', () => {
  it('account prints the account id and balance', async () => {
    const { code, out } = await run('account');
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^DEMO-001\s/);
    expect(out).toContainEqual(expect.stringMatching(/^balance\s+100000\s+USD$/));
  });

  it('orders place, list with full ids, and cancel', async () => {
    const placed = await run('orders', 'place', '--symbol', 'BTCUSD', '--side', 'buy', '--qty', '0.01', '--type', 'limit', '--limit-price', '1');
    expect(placed.code).toBe(0);
    const orderId = /^placed (\S+)$/.exec(placed.out[0] ?? '')?.[1] ?? '';
    expect(orderId).not.toBe('');
    const listed = await run('orders', 'list');
    expect(listed.out[0]).toMatch(/^ID\s+SYMBOL\s+SIDE\s+TYPE\s+QTY\s+FILLED\s+PRICE\s+STATUS$/);
    expect(listed.out).toContainEqual(expect.stringMatching(new RegExp(`^${orderId}\\s+BTCUSD\\s+buy\\s+limit\\s+0\\.01\\s+0\\s+1\\s+working$`)));
    expect(await run('orders', 'cancel', orderId)).toEqual({ code: 0, out: [`canceled ${orderId}`], err: [] });
    const json = await run('orders', '--json');
    expect(JSON.parse(json.out[0] ?? '[]')).toContainEqual(expect.objectContaining({ id: orderId, status: 1 }));
  });

  it('positions list and close', async () => {
    expect((await run('orders', 'place', '--symbol', 'BTCUSD', '--side', '1', '--qty', '0.02')).code).toBe(0);
    await eventually(async () => (await run('positions')).out.some((line) => /^BTCUSD\s+buy\s+0\.02\s/.test(line)), 5000, 'position listed');
    expect(await run('positions', 'close', 'BTCUSD')).toEqual({ code: 0, out: ['closing BTCUSD'], err: [] });
    await eventually(async () => (await run('positions')).out.length === 1, 5000, 'flat');
  });

  it('one clear line for a wrong side, exit code 2', async () => {
    expect(await run('orders', 'place', '--symbol', 'BTCUSD', '--side', 'long', '--qty', '1')).toEqual({ code: 2, out: [], err: ['side must be 1 (buy) or -1 (sell)'] });
  });

  it("the server's refusal is one line with its code, exit code 1", async () => {
    const { code, err } = await run('orders', 'cancel', 'NOPE');
    expect(code).toBe(1);
    expect(err).toEqual([expect.stringMatching(/^NOT_FOUND: /)]);
    env = { ...env, TRADING_PRO_TOKEN: 'wrong-token-0123456789' };
    expect((await run('account')).err).toEqual([expect.stringMatching(/^UNAUTHORIZED: /)]);
    env = { ...env, TRADING_PRO_TOKEN: TOKEN };
  });

  it('runs as `trading-pro orders list` with TRADING_PRO_URL and TRADING_PRO_TOKEN', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'orders', 'list'], { env: { ...process.env, ...env }, timeout: 20_000 });
    expect(stdout.split('\n')[0]).toMatch(/^ID\s+SYMBOL/);
  });
});
