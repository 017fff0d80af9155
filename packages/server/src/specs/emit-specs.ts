/** Emits the API documents from the code: the same bytes `npm run specs` commits and the server serves. */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '../app.ts';
import { defaultConfig } from '../config/load-config.ts';
import { VERSION } from '../version.ts';
import { buildAsyncApi } from './asyncapi.ts';

export interface SpecDocuments {
  readonly openapi: string;
  readonly asyncapi: string;
}

/** Builds the routes without starting anything and renders the documents as committed text. */
export async function renderSpecs(): Promise<SpecDocuments> {
  const { app } = await buildApp({ config: defaultConfig({}), start: false, logger: false });
  try {
    return { openapi: JSON.stringify(app.swagger(), null, 2) + '\n', asyncapi: JSON.stringify(buildAsyncApi(VERSION), null, 2) + '\n' };
  } finally {
    await app.close();
  }
}

export async function writeSpecs(dir: string): Promise<string[]> {
  const specs = await renderSpecs();
  mkdirSync(dir, { recursive: true });
  const openapi = join(dir, 'openapi.json');
  const asyncapi = join(dir, 'asyncapi.json');
  writeFileSync(openapi, specs.openapi);
  writeFileSync(asyncapi, specs.asyncapi);
  return [openapi, asyncapi];
}
