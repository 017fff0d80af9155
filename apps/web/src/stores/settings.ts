/** The trader's settings, kept per browser: confirmations (one-click), hotkeys, theme, chart time zone, order guards, alerts by sound and desktop notification. */
import { defineStore } from 'pinia';
import { computed, reactive, watch } from 'vue';
import { DEFAULT_HOTKEYS, type HotkeyAction } from '../lib/hotkeys.ts';
import { loadStored, saveStored } from '../lib/persisted.ts';

export type ThemeChoice = 'system' | 'dark' | 'light';
/** Chart and table times: UTC, the browser's zone, or the symbol's exchange zone. */
export type TimeZoneChoice = 'UTC' | 'local' | 'exchange';
export type ConfirmAction = 'place' | 'close' | 'reverse' | 'cancelAll' | 'flatten';

const STORAGE_KEY = 'trading-pro.settings';

export interface Settings {
  confirmPlace: boolean;
  confirmClose: boolean;
  confirmReverse: boolean;
  confirmCancelAll: boolean;
  confirmFlatten: boolean;
  hotkeys: Record<HotkeyAction, string>;
  theme: ThemeChoice;
  timeZone: TimeZoneChoice;
  /** Largest order value (account currency) the ticket sends; 0 turns the guard off. */
  maxOrderValue: number;
  /** Last quantity used per symbol, so a size never carries over to another symbol. */
  sizes: Record<string, number>;
  sound: boolean;
  desktop: boolean;
  priceInTitle: boolean;
}

export function defaultSettings(): Settings {
  return {
    confirmPlace: true,
    confirmClose: false,
    confirmReverse: true,
    confirmCancelAll: true,
    confirmFlatten: true,
    hotkeys: { ...DEFAULT_HOTKEYS },
    theme: 'system',
    timeZone: 'exchange',
    maxOrderValue: 250_000,
    sizes: {},
    sound: true,
    desktop: false,
    priceInTitle: true,
  };
}

export const useSettingsStore = defineStore('settings', () => {
  const defaults = defaultSettings();
  const stored = loadStored<Settings>(STORAGE_KEY, defaults);
  const settings = reactive<Settings>({ ...stored, hotkeys: { ...defaults.hotkeys, ...stored.hotkeys } });

  watch(settings, (value) => saveStored(STORAGE_KEY, value), { deep: true });

  /** One-click trading: orders go out without the preview step. */
  const oneClick = computed({
    get: () => !settings.confirmPlace,
    set: (on: boolean) => {
      settings.confirmPlace = !on;
    },
  });

  function confirms(action: ConfirmAction): boolean {
    const flags: Record<ConfirmAction, boolean> = {
      place: settings.confirmPlace,
      close: settings.confirmClose,
      reverse: settings.confirmReverse,
      cancelAll: settings.confirmCancelAll,
      flatten: settings.confirmFlatten,
    };
    return flags[action];
  }

  function rememberSize(symbol: string, qty: number): void {
    if (settings.sizes[symbol] !== qty) settings.sizes = { ...settings.sizes, [symbol]: qty };
  }

  function reset(): void {
    Object.assign(settings, defaultSettings());
  }

  return { settings, oneClick, confirms, rememberSize, reset };
});
