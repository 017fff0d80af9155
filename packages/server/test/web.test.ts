/** The web terminal is served at `/` by the same server as the API. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { webRoutes } from '../src/http/web-routes.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('web terminal hosting', () => {
  it('serves the built terminal at /', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'tp-web-'));
    dirs.push(dist);
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Trading Pro terminal</title>');
    writeFileSync(join(dist, 'app.js'), 'console.log(1)');
    const app = Fastify();
    await app.register(webRoutes, { dist });
    expect((await app.inject('/')).body).toContain('Trading Pro terminal');
    expect((await app.inject('/app.js')).headers['content-type']).toMatch(/javascript/);
    await app.close();
  });

  it('explains how to build the terminal when it is missing', async () => {
    const app = Fastify();
    await app.register(webRoutes, { dist: join(tmpdir(), 'does-not-exist-tp') });
    const res = await app.inject('/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('npm install');
    await app.close();
  });
});
