/**
 * Notifications: short toasts (fills, rejections, connection changes), an undo action where one exists, and a log
 * of everything announced this session. Fills can also beep and raise a desktop notification (Settings).
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';

export type ToastKind = 'success' | 'error' | 'warning' | 'info';

export interface ToastAction {
  readonly label: string;
  readonly run: () => void;
}

export interface Toast {
  readonly id: number;
  readonly kind: ToastKind;
  readonly title: string;
  readonly message?: string;
  readonly action?: ToastAction;
}

export interface LogEntry {
  readonly id: number;
  readonly time: number;
  readonly kind: ToastKind;
  readonly title: string;
  readonly message?: string;
}

const LIFETIME_MS: Record<ToastKind, number> = { success: 3500, info: 3500, warning: 6000, error: 8000 };
const ACTION_LIFETIME_MS = 8000;
const MAX_TOASTS = 3;
const MAX_LOG = 200;

export const useNotificationsStore = defineStore('notifications', () => {
  const toasts = ref<Toast[]>([]);
  const entries = ref<LogEntry[]>([]);
  let nextId = 1;
  const timers = new Map<number, ReturnType<typeof setTimeout>>();

  function dismiss(id: number): void {
    toasts.value = toasts.value.filter((toast) => toast.id !== id);
    const timer = timers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    timers.delete(id);
  }

  /** Records a notification in the log only. */
  function log(kind: ToastKind, title: string, message?: string): number {
    const id = nextId++;
    const entry: LogEntry = message === undefined ? { id, time: Date.now(), kind, title } : { id, time: Date.now(), kind, title, message };
    entries.value = [entry, ...entries.value].slice(0, MAX_LOG);
    return id;
  }

  /** Logs and shows a toast. */
  function push(kind: ToastKind, title: string, message?: string, action?: ToastAction): number {
    const id = log(kind, title, message);
    const toast: Toast = { id, kind, title, ...(message === undefined ? {} : { message }), ...(action === undefined ? {} : { action }) };
    toasts.value = [...toasts.value, toast];
    while (toasts.value.length > MAX_TOASTS) {
      const oldest = toasts.value[0];
      if (oldest === undefined) break;
      dismiss(oldest.id);
    }
    timers.set(
      id,
      setTimeout(() => dismiss(id), action === undefined ? LIFETIME_MS[kind] : ACTION_LIFETIME_MS),
    );
    return id;
  }

  /** Drops error toasts that no longer hold (after a reconnect). */
  function dismissErrors(): void {
    for (const toast of toasts.value) if (toast.kind === 'error' || toast.kind === 'warning') dismiss(toast.id);
  }

  function clearLog(): void {
    entries.value = [];
  }

  return { toasts, entries, push, log, dismiss, dismissErrors, clearLog };
});
