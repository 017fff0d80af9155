/** Generated OpenAPI types stay behind the mapper layer, and the committed generated file matches the spec. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateOpenApiTypes } from '../scripts/generate.ts';

const SDK = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(SDK, 'src');
const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Files of src/ (outside the mapper layer and the generated folder) that import the generated module. */
function leaks(sources: readonly { path: string; text: string }[]): string[] {
  return sources.flatMap(({ path, text }) => {
    const rel = relative(SRC, path);
    if (rel.startsWith('mappers/') || rel.startsWith('generated/')) return [];
    const specs = [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? '');
    return specs.filter((spec) => resolve(dirname(path), spec).startsWith(join(SRC, 'generated'))).map((spec) => `${rel} imports ${spec}`);
  });
}

describe('generated OpenAPI types', () => {
  it('are imported only by src/mappers/', () => {
    expect(leaks(files(SRC).map((path) => ({ path, text: readFileSync(path, 'utf8') })))).toEqual([]);
  });

  it('the check catches an import from outside the mapper layer', () => {
    const probe = { path: join(SRC, 'ws', 'probe.ts'), text: "import type { components } from '../generated/openapi.ts';" };
    expect(leaks([probe])).toEqual(['ws/probe.ts imports ../generated/openapi.ts']);
  });

  it('are up to date with specs/openapi.json (run npm run specs otherwise)', async () => {
    const spec = JSON.parse(readFileSync(resolve(SDK, '../../specs/openapi.json'), 'utf8')) as unknown;
    expect(await generateOpenApiTypes(spec)).toBe(readFileSync(join(SRC, 'generated', 'openapi.ts'), 'utf8'));
  });
});
