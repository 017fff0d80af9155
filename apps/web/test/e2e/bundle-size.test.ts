/**
 * Bundle budget of the built terminal: the JavaScript of the first load (the entry and what index.html preloads) under
 * 130 KB gzipped; chunks loaded on demand (the chart with lightweight-charts, dialogs, side panels) come after it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DIST } from './harness.ts';

export const FIRST_LOAD_BUDGET_GZIP_BYTES = 130 * 1024;
export const ALL_JS_BUDGET_GZIP_BYTES = 220 * 1024;
export const CSS_BUDGET_GZIP_BYTES = 12 * 1024;

function gzipped(file: string): number {
  return gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;
}

/** The scripts index.html loads at once: the entry module and its modulepreload links. */
export function firstLoadScripts(): string[] {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  return [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((match) => match[1] ?? '');
}

function allAssets(extension: string): string[] {
  return readdirSync(join(DIST, 'assets'))
    .filter((name) => name.endsWith(extension))
    .map((name) => join('assets', name));
}

describe('bundle budget', () => {
  it('keeps the first load under 130 KB of gzipped JavaScript', () => {
    const scripts = firstLoadScripts();
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.some((name) => name.includes('price-chart'))).toBe(false);
    expect(scripts.reduce((total, name) => total + gzipped(name), 0)).toBeLessThan(FIRST_LOAD_BUDGET_GZIP_BYTES);
  });

  it('keeps all JavaScript, lazy chunks included, under 220 KB gzipped', () => {
    expect(allAssets('.js').reduce((total, name) => total + gzipped(name), 0)).toBeLessThan(ALL_JS_BUDGET_GZIP_BYTES);
  });

  it('keeps the CSS under 12 KB gzipped', () => {
    const size = allAssets('.css').reduce((total, name) => total + gzipped(name), 0);
    expect(size).toBeGreaterThan(0);
    expect(size).toBeLessThan(CSS_BUDGET_GZIP_BYTES);
  });
});
