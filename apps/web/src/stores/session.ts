/** The terminal's session: the SDK client (server-backed or offline fallback), connection states, account and broker capabilities. */
import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import { ConnectionStatus, type BrokerConfig, type BrokerConnectionStatus, type ConnectionState, type TradingClient, type Unsubscribe } from '@trading-pro/sdk';
import { useNotificationsStore } from './notifications.ts';

export type BrokerCapability = Exclude<keyof BrokerConfig, 'broker' | 'supportedDurations'>;

export interface AccountIdentity {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
}

export const useSessionStore = defineStore('session', () => {
  const client = shallowRef<TradingClient | null>(null);
  const offline = ref(false);
  const streamState = ref<ConnectionState>('connecting');
  const brokerStatus = ref<BrokerConnectionStatus | null>(null);
  const brokerConfig = ref<BrokerConfig | null>(null);
  const account = ref<AccountIdentity | null>(null);
  const startError = ref<string | null>(null);
  /** Topics that went silent while connected (the SDK's stale detection). */
  const staleTopics = ref<string[]>([]);
  /** Bumped on every reconnect so stores reload their snapshots. */
  const reconnects = ref(0);
  const stops: Unsubscribe[] = [];

  /** The browser's own network state (navigator.onLine), followed through online/offline events. */
  const browserOnline = ref(globalThis.navigator?.onLine ?? true);

  const ready = computed(() => client.value !== null && account.value !== null);
  const brokerConnected = computed(() => brokerStatus.value === null || brokerStatus.value.status === ConnectionStatus.Connected);
  /** Why live data and trading are unavailable right now, for the outage banner; null while all is well. */
  const outage = computed<'Offline' | 'Disconnected' | 'Reconnecting' | null>(() => {
    if (client.value === null || offline.value) return null;
    if (!browserOnline.value) return 'Offline';
    if (streamState.value === 'reconnecting') return 'Reconnecting';
    if (streamState.value === 'disconnected') return 'Disconnected';
    return null;
  });
  /** Orders can be sent: the account is loaded, the stream is live and the broker is connected. */
  const canTrade = computed(() => ready.value && outage.value === null && brokerConnected.value);

  function requireClient(): TradingClient {
    if (client.value === null) throw new Error('the terminal is not connected yet');
    return client.value;
  }

  /** Capability flags default to "supported" until the broker config arrives, so nothing flickers on a fast start. */
  function can(flag: BrokerCapability): boolean {
    return brokerConfig.value === null ? true : brokerConfig.value[flag];
  }

  function onStreamState(next: ConnectionState): void {
    const previous = streamState.value;
    streamState.value = next;
    const notes = useNotificationsStore();
    // The outage itself is shown by the persistent banner; a toast would vanish while the data stays frozen.
    if (previous === 'connected' && next !== 'connected') notes.log('warning', 'Connection lost', 'Reconnecting to the server…');
    if (next === 'connected' && (previous === 'reconnecting' || previous === 'disconnected')) {
      reconnects.value += 1;
      notes.push('success', 'Reconnected', 'Live data resumed.');
    }
  }

  function onBrokerStatus(status: BrokerConnectionStatus): void {
    const previous = brokerStatus.value?.status;
    brokerStatus.value = status;
    if (previous === undefined || previous === status.status) return;
    const notes = useNotificationsStore();
    if (status.status === ConnectionStatus.Connected) notes.push('success', 'Broker connected', status.message);
    else if (status.status === ConnectionStatus.Disconnected || status.status === ConnectionStatus.Error) {
      notes.push('error', 'Broker disconnected', status.message);
    }
  }

  function onBrowserNetwork(): void {
    browserOnline.value = globalThis.navigator?.onLine ?? true;
  }

  /** Adopts a client: loads the account and broker config, then follows the connection states. */
  async function start(next: TradingClient): Promise<void> {
    stop();
    globalThis.addEventListener?.('online', onBrowserNetwork);
    globalThis.addEventListener?.('offline', onBrowserNetwork);
    stops.push(() => {
      globalThis.removeEventListener?.('online', onBrowserNetwork);
      globalThis.removeEventListener?.('offline', onBrowserNetwork);
    });
    client.value = markRaw(next);
    offline.value = next.offline;
    streamState.value = next.stream.state;
    stops.push(
      next.stream.onStateChange(onStreamState),
      next.stream.onStale(() => (staleTopics.value = next.stream.staleTopics())),
      next.stream.onFresh(() => (staleTopics.value = next.stream.staleTopics())),
    );
    try {
      const [info, config] = await Promise.all([next.broker.account(), next.broker.config()]);
      account.value = { id: info.id, name: info.name, currency: info.currency };
      brokerConfig.value = config;
      stops.push(next.stream.brokerConnection(info.id, onBrokerStatus));
      startError.value = null;
    } catch (error) {
      startError.value = error instanceof Error ? error.message : String(error);
      throw error;
    }
  }

  function stop(): void {
    for (const unsubscribe of stops.splice(0)) unsubscribe();
    client.value?.close();
    client.value = null;
    account.value = null;
    staleTopics.value = [];
  }

  return {
    client,
    offline,
    streamState,
    brokerStatus,
    brokerConfig,
    account,
    startError,
    reconnects,
    staleTopics,
    ready,
    brokerConnected,
    browserOnline,
    outage,
    canTrade,
    requireClient,
    can,
    start,
    stop,
  };
});
