/** Toast notifications: fills, rejections with their reason, connection changes. Errors stay until dismissed or longer. */
import { defineStore } from 'pinia';
import { ref } from 'vue';

export type ToastKind = 'success' | 'error' | 'warning' | 'info';

export interface Toast {
  readonly id: number;
  readonly kind: ToastKind;
  readonly title: string;
  readonly message?: string;
}

const LIFETIME_MS: Record<ToastKind, number> = { success: 4000, info: 4000, warning: 6000, error: 10000 };
const MAX_TOASTS = 5;

export const useNotificationsStore = defineStore('notifications', () => {
  const toasts = ref<Toast[]>([]);
  let nextId = 1;
  const timers = new Map<number, ReturnType<typeof setTimeout>>();

  function dismiss(id: number): void {
    toasts.value = toasts.value.filter((toast) => toast.id !== id);
    const timer = timers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    timers.delete(id);
  }

  function push(kind: ToastKind, title: string, message?: string): number {
    const id = nextId++;
    const toast: Toast = message === undefined ? { id, kind, title } : { id, kind, title, message };
    toasts.value = [...toasts.value, toast];
    while (toasts.value.length > MAX_TOASTS) {
      const oldest = toasts.value[0];
      if (oldest === undefined) break;
      dismiss(oldest.id);
    }
    timers.set(
      id,
      setTimeout(() => dismiss(id), LIFETIME_MS[kind]),
    );
    return id;
  }

  return { toasts, push, dismiss };
});
