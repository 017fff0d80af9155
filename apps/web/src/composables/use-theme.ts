/** The theme in force: the trader's choice, or the system's (prefers-color-scheme) when set to follow it; applied as data-theme on <html>. */
import { ref, watch, type Ref } from 'vue';
import type { ThemeChoice } from '../stores/settings.ts';

export type Theme = 'dark' | 'light';

/** Read by the chart, which draws with the theme's colours. */
export const effectiveTheme: Ref<Theme> = ref('dark');

function systemTheme(): Theme {
  return globalThis.matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

function apply(choice: ThemeChoice): void {
  const theme = choice === 'system' ? systemTheme() : choice;
  effectiveTheme.value = theme;
  document.documentElement.dataset.theme = theme;
}

/** Follows `choice` and, while it is "system", the system's changes. */
export function followTheme(choice: () => ThemeChoice): void {
  apply(choice());
  watch(choice, apply);
  globalThis.matchMedia?.('(prefers-color-scheme: light)').addEventListener('change', () => apply(choice()));
}
