/** Keyboard shortcuts: the actions, their default keys, and how a key event is written ("Shift+B"). */

export type HotkeyAction = 'buy' | 'sell' | 'flatten' | 'cancelAll' | 'focusSize' | 'focusSearch' | 'undo';

export const HOTKEY_LABELS: Readonly<Record<HotkeyAction, string>> = {
  buy: 'Buy (market, ticket size)',
  sell: 'Sell (market, ticket size)',
  flatten: 'Flatten all (cancel orders, close positions)',
  cancelAll: 'Cancel all orders',
  focusSize: 'Focus quantity',
  focusSearch: 'Focus symbol search',
  undo: 'Undo the last chart move',
};

export const DEFAULT_HOTKEYS: Readonly<Record<HotkeyAction, string>> = {
  buy: 'Shift+B',
  sell: 'Shift+S',
  flatten: 'Shift+F',
  cancelAll: 'Shift+C',
  focusSize: 'Shift+Q',
  focusSearch: '/',
  undo: 'Ctrl+Z',
};

const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'AltGraph', 'CapsLock']);

/** "Ctrl+Shift+B" for a key event; letters by their physical key, so Shift and layouts do not change them. Null for a lone modifier. */
export function keyOf(event: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey'>): string | null {
  if (MODIFIER_KEYS.has(event.key)) return null;
  const letter = /^Key([A-Z])$/.exec(event.code)?.[1];
  const digit = /^Digit(\d)$/.exec(event.code)?.[1];
  const base = letter ?? digit ?? (event.key.length === 1 ? event.key.toUpperCase() : event.key);
  // Shift is part of symbols like "?" and "/" already; only name it for letters, digits and named keys.
  const shift = event.shiftKey && (letter !== undefined || digit !== undefined || event.key.length > 1);
  return [event.ctrlKey ? 'Ctrl' : '', event.altKey ? 'Alt' : '', event.metaKey ? 'Meta' : '', shift ? 'Shift' : '', base].filter(Boolean).join('+');
}

/** The parts of a binding for <kbd> elements. */
export function keyParts(binding: string): string[] {
  return binding === '+' ? ['+'] : binding.split('+').filter(Boolean);
}

/** True when the key would type into the focused field (a text field or the symbol search), so it is not a shortcut there. */
export function typesText(target: EventTarget | null, binding: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const editable = target.isContentEditable || target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'range'].includes(target.type));
  if (!editable) return false;
  if (/(^|\+)(Ctrl|Alt|Meta)\+/.test(binding)) return binding === 'Ctrl+Z';
  // Price and quantity fields take digits and separators only, so letter shortcuts still work there.
  const numeric = target instanceof HTMLInputElement && target.inputMode === 'decimal';
  return !numeric || !/^(Shift\+)?[A-Z]$/.test(binding);
}
