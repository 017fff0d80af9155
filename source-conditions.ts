/**
 * Inside this repository the workspace packages run from their TypeScript sources through the `@trading-pro/source`
 * export condition (docs/decisions.md): Vite and Vitest resolve with it, and the Node processes tests spawn
 * (`node packages/server/src/cli.ts`) inherit it through NODE_OPTIONS. Installed packages resolve to `dist/`.
 */
import { defaultClientConditions, defaultServerConditions } from 'vite';

const FLAG = '--conditions=@trading-pro/source';

export const sourceConditions = {
  resolve: { conditions: ['@trading-pro/source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['@trading-pro/source', ...defaultServerConditions] } },
};

/** Adds the flag to NODE_OPTIONS (npm scripts already carry it through .npmrc); child processes inherit it. */
export function spawnFromSource(): void {
  const current = process.env.NODE_OPTIONS ?? '';
  if (!current.includes(FLAG)) process.env.NODE_OPTIONS = `${current} ${FLAG}`.trim();
}
