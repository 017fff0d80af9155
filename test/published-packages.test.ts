/**
 * The published packages' manifests: installable (not private, licensed, versioned, shipping dist/, a README and a
 * CHANGELOG), exporting their built files, and resolving to their sources in this repository through the one
 * condition that .npmrc, TypeScript and the Vite/Vitest configurations all name.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceConditions } from '../source-conditions.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PUBLISHED = ['contracts', 'engine', 'sdk', 'strategy', 'tradingview'] as const;
const CONDITION = '@trading-pro/source';

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  repository?: { directory?: string };
  engines?: { node?: string };
  files?: string[];
  exports: Record<string, string | Record<string, string>>;
  dependencies?: Record<string, string>;
}

function manifest(name: string): Manifest {
  return JSON.parse(readFileSync(join(ROOT, 'packages', name, 'package.json'), 'utf8')) as Manifest;
}

describe('published packages', () => {
  for (const name of PUBLISHED) {
    it(`@trading-pro/${name} is installable and exports dist/, with src/ only under ${CONDITION}`, () => {
      const pkg = manifest(name);
      expect(pkg.name).toBe(`@trading-pro/${name}`);
      expect(pkg.private).toBeUndefined();
      expect(pkg.license).toBe('MIT');
      expect(pkg.repository?.directory).toBe(`packages/${name}`);
      expect(pkg.engines?.node).toBe('>=20');
      expect(pkg.files).toEqual(['dist', 'README.md', 'CHANGELOG.md']);
      for (const file of ['README.md', 'CHANGELOG.md']) expect(existsSync(join(ROOT, 'packages', name, file)), file).toBe(true);
      for (const [subpath, target] of Object.entries(pkg.exports)) {
        if (subpath === './package.json') continue;
        expect(typeof target).toBe('object');
        const conditions = target as Record<string, string>;
        // The first condition wins: ours before the published ones.
        expect(Object.keys(conditions)).toEqual([CONDITION, 'types', 'import', 'default']);
        const source = conditions[CONDITION] ?? '';
        expect(existsSync(join(ROOT, 'packages', name, source)), source).toBe(true);
        const built = source.replace('./src/', './dist/').replace(/\.ts$/, '');
        expect(conditions).toMatchObject({ types: `${built}.d.ts`, import: `${built}.js`, default: `${built}.js` });
      }
    });
  }

  it('depends on the other published packages at their own versions', () => {
    for (const name of PUBLISHED) {
      for (const [dependency, range] of Object.entries(manifest(name).dependencies ?? {})) {
        if (!dependency.startsWith('@trading-pro/')) continue;
        const internal = dependency.slice('@trading-pro/'.length);
        expect(PUBLISHED, `${name} depends on ${dependency}, which is not published`).toContain(internal);
        expect(range).toBe(manifest(internal).version);
      }
    }
  });

  it('names the same source condition in .npmrc, tsconfig.base.json and the Vite/Vitest configuration', () => {
    expect(readFileSync(join(ROOT, '.npmrc'), 'utf8')).toContain(`node-options=--conditions=${CONDITION}`);
    const tsconfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: { customConditions?: string[] } };
    expect(tsconfig.compilerOptions.customConditions).toEqual([CONDITION]);
    expect(sourceConditions.resolve.conditions[0]).toBe(CONDITION);
    expect(sourceConditions.ssr.resolve.conditions[0]).toBe(CONDITION);
  });
});
