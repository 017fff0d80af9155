/**
 * Debian's Chromium for the browser tests (playwright-core, never a downloaded browser): where it is, and whether
 * the suites run. Outside CI a machine without it skips them; in CI a missing browser is a broken setup.
 */
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`chromium not found at ${CHROMIUM}: .ci/run installs Debian's chromium (or set CHROMIUM_PATH)`);
  return false;
}
