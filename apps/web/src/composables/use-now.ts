/** A shared clock ref for countdowns ("opens in 4 h 41 min"), ticking while at least one component uses it. */
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

const now = ref(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | undefined;

export function useNow(periodMs = 15_000): Ref<number> {
  onMounted(() => {
    users += 1;
    now.value = Date.now();
    timer ??= setInterval(() => (now.value = Date.now()), periodMs);
  });
  onBeforeUnmount(() => {
    users -= 1;
    if (users === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  });
  return now;
}
