/** Global keyboard shortcuts from Settings, active whenever the page has focus (except while typing text), and `?` for their list. */
import { onBeforeUnmount, onMounted, ref } from 'vue';
import { Side } from '@trading-pro/sdk';
import { keyOf, typesText, type HotkeyAction } from '../lib/hotkeys.ts';
import { useSettingsStore } from '../stores/settings.ts';
import { useTicketStore } from '../stores/ticket.ts';
import { useTradeActions } from './use-trade-actions.ts';

export interface HotkeyHooks {
  /** Undo of the last chart drag, when there is one. */
  readonly undo: () => void;
  /** Shows the ticket first where it hides behind a button (phones). */
  readonly revealTicket: () => void;
}

export function useHotkeys(hooks: HotkeyHooks) {
  const { settings } = useSettingsStore();
  const ticket = useTicketStore();
  const actions = useTradeActions();
  const helpOpen = ref(false);

  function focus(selector: string): void {
    hooks.revealTicket();
    requestAnimationFrame(() => {
      const element = document.querySelector<HTMLInputElement>(selector);
      element?.focus();
      element?.select();
    });
  }

  const run: Record<HotkeyAction, () => void> = {
    buy: () => void ticket.quickOrder(Side.Buy),
    sell: () => void ticket.quickOrder(Side.Sell),
    flatten: () => void actions.flatten(),
    cancelAll: () => void actions.cancelAll(),
    focusSize: () => focus('#ticket-qty'),
    focusSearch: () => focus('#symbol-search-input'),
    undo: () => hooks.undo(),
  };

  function onKey(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.isComposing || event.repeat) return;
    // A dialog owns the keyboard while it is open.
    if (document.querySelector('[role="dialog"][aria-modal="true"]') !== null) return;
    const key = keyOf(event);
    if (key === null) return;
    if (key === '?' && !typesText(event.target, key)) {
      event.preventDefault();
      helpOpen.value = true;
      return;
    }
    const action = (Object.keys(settings.hotkeys) as HotkeyAction[]).find((name) => settings.hotkeys[name] === key);
    if (action === undefined || typesText(event.target, key)) return;
    event.preventDefault();
    run[action]();
  }

  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));

  return { helpOpen };
}
