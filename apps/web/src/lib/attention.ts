/** Getting the trader's attention outside the page: a short tone (Web Audio) and a desktop notification. */

let audio: AudioContext | null = null;

/** A short two-note chime; silent where audio is unavailable or not yet allowed by the browser. */
export function chime(kind: 'fill' | 'alert'): void {
  try {
    const Context = globalThis.AudioContext;
    if (Context === undefined) return;
    audio ??= new Context();
    const start = audio.currentTime;
    const notes = kind === 'fill' ? [880, 1320] : [660, 660];
    notes.forEach((frequency, index) => {
      if (audio === null) return;
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.08, start + index * 0.12);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + index * 0.12 + 0.11);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(start + index * 0.12);
      oscillator.stop(start + index * 0.12 + 0.12);
    });
  } catch {
    // Audio is a courtesy; never let it break trading.
  }
}

export function desktopPermission(): NotificationPermission | 'unsupported' {
  return globalThis.Notification === undefined ? 'unsupported' : Notification.permission;
}

export async function requestDesktopPermission(): Promise<NotificationPermission | 'unsupported'> {
  if (globalThis.Notification === undefined) return 'unsupported';
  return Notification.requestPermission();
}

/** Shows a desktop notification when permitted and the page is not in front. */
export function notifyDesktop(title: string, body: string): void {
  if (globalThis.Notification === undefined || Notification.permission !== 'granted' || document.visibilityState === 'visible') return;
  try {
    new Notification(title, { body, tag: 'trading-pro' });
  } catch {
    // Some platforms allow notifications only from a service worker.
  }
}
