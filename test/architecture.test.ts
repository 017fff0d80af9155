/**
 * Dependencies point one way (DESIGN.md): contracts ← engine ← brokers ← server; sdk ← web. The server's command
 * line also uses the SDK: its client commands talk to a running server as any other client does. The strategy
 * package runs strategies on a server through the SDK (the backtester in engine runs them on bars); the CLI uses it.
 * The TradingView adapters sit on the SDK too (and contracts' exact decimals), like the web terminal.
 * Nothing imports the server but tests (which start the real server); the web terminal talks to the backend
 * only through the SDK. The SDK's offline client runs the paper engine; only its fallback folder imports it, and
 * the rest of the SDK reaches that folder only through a dynamic import (so the engine stays out of a first load).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const ALLOWED: Record<string, readonly string[]> = {
  contracts: [],
  engine: ['contracts'],
  brokers: ['contracts', 'engine'],
  server: ['contracts', 'engine', 'brokers', 'sdk', 'strategy'],
  sdk: ['contracts', 'engine'],
  strategy: ['contracts', 'engine', 'sdk'],
  tradingview: ['contracts', 'sdk'],
  web: ['sdk'],
};
/** A package's own test/ folder may also start the real server (integration tests on loopback). */
/** What test files may import on top: the real server, started on loopback. */
const ALLOWED_IN_TESTS: readonly string[] = ['server'];
const LOCATIONS: Record<string, string> = {
  contracts: 'packages/contracts',
  engine: 'packages/engine',
  brokers: 'packages/brokers',
  server: 'packages/server',
  sdk: 'packages/sdk',
  strategy: 'packages/strategy',
  tradingview: 'packages/tradingview',
  web: 'apps/web',
};

function sourceFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    if (name === 'node_modules' || name === 'dist') return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|vue)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? '').filter(Boolean);
}

/** Test code may start the real server; shipped code may not. */
function isTestFile(path: string): boolean {
  return /(^|\/)test\//.test(relative(ROOT, path)) || /\.test\.ts$/.test(path);
}

function packageOf(path: string): string | undefined {
  const rel = relative(ROOT, path);
  return Object.entries(LOCATIONS).find(([, loc]) => rel === loc || rel.startsWith(`${loc}/`))?.[0];
}

describe('package boundaries', () => {
  for (const [name, location] of Object.entries(LOCATIONS)) {
    it(`${name} imports only ${ALLOWED[name]?.join(', ') || 'nothing internal'}`, () => {
      const violations: string[] = [];
      for (const file of sourceFiles(join(ROOT, location))) {
        // Build and test configurations (vite.config.ts, …) may share the repository's tooling at its root.
        const tooling = /\.config\.ts$/.test(file) ? ['outside'] : [];
        const allowed = [...(ALLOWED[name] ?? []), ...(isTestFile(file) ? ALLOWED_IN_TESTS : []), ...tooling];
        for (const spec of importsOf(file)) {
          let target: string | undefined;
          if (spec.startsWith('@trading-pro/')) target = spec.slice('@trading-pro/'.length).split('/')[0];
          else if (spec.startsWith('.')) target = packageOf(resolve(dirname(file), spec)) ?? 'outside';
          if (target === undefined || target === name) continue;
          if (!allowed.includes(target)) violations.push(`${relative(ROOT, file)} imports ${spec}`);
        }
      }
      expect(violations).toEqual([]);
    });
  }

  it('declares in package.json exactly the internal packages it may use', () => {
    for (const [name, location] of Object.entries(LOCATIONS)) {
      let manifest: { dependencies?: Record<string, string> };
      try {
        manifest = JSON.parse(readFileSync(join(ROOT, location, 'package.json'), 'utf8')) as typeof manifest;
      } catch {
        continue;
      }
      const internal = Object.keys(manifest.dependencies ?? {})
        .filter((dep) => dep.startsWith('@trading-pro/'))
        .map((dep) => dep.slice('@trading-pro/'.length));
      for (const dep of internal) expect(ALLOWED[name], `${name} depends on ${dep}`).toContain(dep);
    }
  });

  it('keeps the engine behind the SDK offline client: imported only under src/fallback, loaded lazily', () => {
    const violations: string[] = [];
    const sdk = join(ROOT, LOCATIONS.sdk ?? '');
    const fallback = join(sdk, 'src/fallback');
    for (const file of sourceFiles(join(sdk, 'src'))) {
      const text = readFileSync(file, 'utf8');
      const inFallback = file.startsWith(`${fallback}/`);
      for (const match of text.matchAll(IMPORT)) {
        const spec = match[1] ?? match[3] ?? '';
        const typeOnly = /^(?:import|export)\s+type\s/.test(match[0]);
        if (spec.startsWith('@trading-pro/engine') && !inFallback) violations.push(`${relative(ROOT, file)} imports ${spec}`);
        if (!inFallback && !typeOnly && spec.startsWith('.') && resolve(dirname(file), spec).startsWith(`${fallback}/`)) violations.push(`${relative(ROOT, file)} imports ${spec} eagerly`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('lets only test files import the server', () => {
    expect(isTestFile(join(ROOT, 'apps/web/test/e2e/harness.ts'))).toBe(true);
    expect(isTestFile(join(ROOT, 'packages/sdk/src/ws/client.test.ts'))).toBe(true);
    expect(isTestFile(join(ROOT, 'packages/sdk/src/ws/client.ts'))).toBe(false);
  });

  it('detects a forbidden import (the check itself works)', () => {
    const probe = 'import { x } from "@trading-pro/server";\nexport { y } from "../../server/src/app.ts";';
    const specs = [...probe.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]);
    expect(specs).toEqual(['@trading-pro/server', '../../server/src/app.ts']);
  });
});
