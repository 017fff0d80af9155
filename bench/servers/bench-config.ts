/**
 * The configuration benchmark targets run with: the embedded default on a temp data dir, with the limits raised
 * through their own keys (one load generator on loopback is one client and would otherwise be throttled), at the
 * defaults, or switched off — `LIMITS=raised|default|off` in the environment.
 */
import { type ConfigPatch, defaultConfig, patchConfig } from '../../packages/server/src/config/load-config.ts';
import type { Config } from '../../packages/server/src/config/schema.ts';

export type LimitsMode = 'raised' | 'default' | 'off';

const RAISED: ConfigPatch['limits'] = {
  rest: { perSecond: 1e9, burst: 1e9 },
  ws: { perClient: 1_000_000, total: 1_000_000, subscribesPerSecond: 1e9 },
};

export function benchConfig(dataDir: string, mode: LimitsMode = limitsMode()): Config {
  const base = defaultConfig({ DATA_DIR: dataDir });
  const limits: ConfigPatch['limits'] = mode === 'raised' ? RAISED : mode === 'off' ? { enabled: false } : {};
  return patchConfig(base, { server: { port: 0, logLevel: 'silent', web: false }, limits });
}

export function limitsMode(): LimitsMode {
  const mode = process.env.LIMITS ?? 'raised';
  if (mode !== 'raised' && mode !== 'default' && mode !== 'off') throw new Error(`LIMITS must be raised, default or off, not ${mode}`);
  return mode;
}
