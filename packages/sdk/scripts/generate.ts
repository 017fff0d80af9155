/**
 * Regenerates packages/sdk/src/generated/openapi.ts from specs/openapi.json with openapi-typescript.
 * `node packages/sdk/scripts/generate.ts` writes it; `--check` exits 1 when the committed file is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SPEC = resolve(ROOT, 'specs/openapi.json');
const OUTPUT = resolve(ROOT, 'packages/sdk/src/generated/openapi.ts');

const HEADER = `/** Generated from specs/openapi.json by packages/sdk/scripts/generate.ts (openapi-typescript). Do not edit: run \`npm run specs\`. Only src/mappers/ may import it. */\n`;

/** The TypeScript source for the given OpenAPI document. */
export async function generateOpenApiTypes(spec: unknown): Promise<string> {
  const ast = await openapiTS(spec as Parameters<typeof openapiTS>[0], { alphabetize: true });
  return HEADER + astToString(ast);
}

async function main(argv: readonly string[]): Promise<void> {
  const source = await generateOpenApiTypes(JSON.parse(readFileSync(SPEC, 'utf8')));
  if (argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(OUTPUT, 'utf8');
    } catch {
      // a missing file is out of date
    }
    if (current !== source) {
      process.stderr.write(`${relative(ROOT, OUTPUT)} is out of date; run npm run specs\n`);
      process.exitCode = 1;
    }
    return;
  }
  writeFileSync(OUTPUT, source);
  process.stdout.write(`wrote ${relative(ROOT, OUTPUT)}\n`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
