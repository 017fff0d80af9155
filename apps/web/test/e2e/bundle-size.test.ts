/**
 * Bundle budget of the built terminal: all JavaScript under 130 KB gzipped (Vue ~40 KB, lightweight-charts ~50 KB,
 * Pinia, the SDK and our code the rest), CSS under 10 KB gzipped.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DIST } from './harness.ts';

export const JS_BUDGET_GZIP_BYTES = 130 * 1024;
export const CSS_BUDGET_GZIP_BYTES = 10 * 1024;

function gzippedSize(extension: string): number {
  const assets = join(DIST, 'assets');
  return readdirSync(assets)
    .filter((name) => name.endsWith(extension))
    .reduce((total, name) => total + gzipSync(readFileSync(join(assets, name)), { level: 9 }).length, 0);
}

describe('bundle budget', () => {
  it('keeps the JavaScript under 130 KB gzipped', () => {
    const size = gzippedSize('.js');
    expect(size).toBeGreaterThan(0);
    expect(size).toBeLessThan(JS_BUDGET_GZIP_BYTES);
  });

  it('keeps the CSS under 10 KB gzipped', () => {
    const size = gzippedSize('.css');
    expect(size).toBeGreaterThan(0);
    expect(size).toBeLessThan(CSS_BUDGET_GZIP_BYTES);
  });
});
