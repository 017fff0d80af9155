/**
 * What a start with the default configuration loads: the module graph of the server's app, read from the static
 * imports of its sources (dynamic `import()` is where a module is loaded on demand; `import type` loads nothing).
 * The venue clients (ccxt, @stoqey/ib) and the PostgreSQL and NATS clients must not be in it: they are imported
 * when an account, a market source, the storage or the bus configured needs them. Reading the graph is fast and
 * exact, where loading the app in a child process and inspecting it would take seconds.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const WORKSPACES: Readonly<Record<string, string>> = {
  '@trading-pro/contracts': 'packages/contracts',
  '@trading-pro/engine': 'packages/engine',
  '@trading-pro/brokers': 'packages/brokers',
  '@trading-pro/sdk': 'packages/sdk',
  '@trading-pro/strategy': 'packages/strategy',
  '@trading-pro/server': 'packages/server',
};

/**
 * Static imports and re-exports that load a module: `import type` / `export type` load nothing; `import { type A }`
 * still loads its module once the types are stripped, so it counts.
 */
const STATIC = /^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;

function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(STATIC)].filter((match) => match[1] === undefined).map((match) => match[2] ?? '');
}

/** The source file a workspace specifier names (its package's `exports`), or undefined for a third-party package. */
function workspaceFile(specifier: string): string | undefined {
  const name = Object.keys(WORKSPACES).find((pkg) => specifier === pkg || specifier.startsWith(`${pkg}/`));
  if (name === undefined) return undefined;
  const dir = join(ROOT, WORKSPACES[name] ?? '');
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { exports: Record<string, string | Record<string, string>> };
  const entry = manifest.exports[`.${specifier.slice(name.length)}`];
  const target = typeof entry === 'string' ? entry : (entry?.['@trading-pro/source'] ?? entry?.['import'] ?? entry?.['default']);
  if (target === undefined) throw new Error(`${specifier} is not exported by ${name}`);
  return join(dir, target);
}

/** Every third-party package (by name) the graph from `entry` loads, and every source file in it. */
function graphOf(entry: string): { packages: Set<string>; files: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of staticImports(file)) {
      if (specifier.startsWith('node:')) continue;
      const next = specifier.startsWith('.') ? resolve(dirname(file), specifier) : workspaceFile(specifier);
      if (next === undefined) {
        packages.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] ?? specifier));
        continue;
      }
      if (!existsSync(next)) throw new Error(`${file} imports ${specifier}, which is not a file (${next})`);
      visit(next);
    }
  };
  visit(entry);
  return { packages, files };
}

const LOADED_ON_DEMAND = ['ccxt', '@stoqey/ib', 'pg', '@nats-io/transport-node'];

describe('what a default start loads', () => {
  it('the app and the command line load no venue client, nor the PostgreSQL or NATS client', () => {
    for (const entry of ['packages/server/src/app.ts', 'packages/server/src/cli.ts', 'packages/server/src/start.js']) {
      const { packages } = graphOf(join(ROOT, entry));
      for (const name of LOADED_ON_DEMAND) expect(packages.has(name), `${entry} loads ${name}`).toBe(false);
    }
  });

  it('reads the graph far enough to see the libraries it does load, and the ones the venue entries load', () => {
    const app = graphOf(join(ROOT, 'packages/server/src/app.ts'));
    expect([...app.packages]).toEqual(expect.arrayContaining(['fastify', 'typebox', 'ws']));
    expect(app.files.has(join(ROOT, 'packages/engine/src/market/simulated-market.ts'))).toBe(true);
    expect(graphOf(workspaceFile('@trading-pro/brokers/ccxt') ?? '').packages.has('ccxt')).toBe(true);
    expect(graphOf(workspaceFile('@trading-pro/brokers/ib') ?? '').packages.has('@stoqey/ib')).toBe(true);
    expect(graphOf(join(ROOT, 'packages/server/src/store/postgres-account-store.ts')).packages.has('pg')).toBe(true);
    expect(graphOf(join(ROOT, 'packages/server/src/bus/nats-bus.ts')).packages.has('@nats-io/transport-node')).toBe(true);
  });
});
