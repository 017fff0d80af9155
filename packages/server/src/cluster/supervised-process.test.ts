import { describe, expect, it } from 'vitest';
import { SupervisedProcess } from './supervised-process.ts';

function node(script: string): { child: SupervisedProcess; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const child = new SupervisedProcess('p1', process.execPath, ['-e', script], { env: { ...process.env }, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { child, out, err };
}

describe('a supervised child process', () => {
  it('passes its output through line by line under its name', async () => {
    const { child, out, err } = node("console.log('one'); console.log('two'); console.error('three')");
    await child.exited;
    expect(out).toEqual(['[p1] one', '[p1] two']);
    expect(err).toEqual(['[p1] three']);
  });

  it('says why it died: the error it printed, not the stack frames after it', async () => {
    const { child } = node("console.error('Error: listen EADDRINUSE: address already in use 127.0.0.1:8001\\n    at Server.listen (node:net:1:1)\\n}'); process.exit(3)");
    expect(child.describeExit(await child.exited)).toBe('exited with code 3: listen EADDRINUSE: address already in use 127.0.0.1:8001');
  });

  it('reads the message of an error logged as a JSON line', async () => {
    const { child } = node(`console.error(JSON.stringify({ level: 60, msg: 'fatal', err: { message: 'storage is gone' } })); process.exit(1)`);
    expect(child.describeExit(await child.exited)).toBe('exited with code 1: storage is gone');
  });

  it('names the signal that killed it', async () => {
    const { child } = node("process.kill(process.pid, 'SIGKILL')");
    expect(child.describeExit(await child.exited)).toBe('was killed by SIGKILL');
  });

  it('stops with the signal asked for, and kills a child that ignores it after the grace time', async () => {
    const polite = node("setInterval(() => {}, 1000); process.on('SIGTERM', () => process.exit(0)); console.log('ready')");
    await until(() => polite.out.length > 0);
    expect(await polite.child.stop('SIGTERM', 5_000)).toEqual({ code: 0, signal: null });
    const stubborn = node("setInterval(() => {}, 1000); process.on('SIGTERM', () => {}); console.log('ready')");
    await until(() => stubborn.out.length > 0);
    expect(await stubborn.child.stop('SIGTERM', 200)).toEqual({ code: null, signal: 'SIGKILL' });
    expect(stubborn.child.running).toBe(false);
  });

  it('reports a command that cannot start', async () => {
    const child = new SupervisedProcess('x', '/nonexistent/binary', [], { env: {}, out: () => undefined, err: () => undefined });
    expect(child.describeExit(await child.exited)).toMatch(/^could not start: spawn \/nonexistent\/binary ENOENT$/);
  });
});

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
