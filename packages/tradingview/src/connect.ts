/** Everything a TradingView widget needs from one server, over one shared SDK client (one WebSocket). */
import type { TradingClient } from '@trading-pro/sdk';
import { clientOf, type ConnectionOptions } from './connection.ts';
import { createBrokerFactory, loadBrokerConfig } from './broker/broker-factory.ts';
import type { BrokerOptions } from './broker/broker-terminal.ts';
import { createDatafeed, type TradingProDatafeed } from './datafeed/datafeed.ts';
import type { BrokerFactory, SingleBrokerMetaInfo } from './tradingview/broker-api.ts';

export interface TradingProWidgetOptions extends ConnectionOptions, Omit<BrokerOptions, 'client' | 'config'> {}

export interface TradingProWidgetParts {
  /** The widget's `datafeed`. */
  readonly datafeed: TradingProDatafeed;
  /** The widget's `broker_factory` (Trading Platform only). */
  readonly broker_factory: BrokerFactory;
  /** The widget's `broker_config`. */
  readonly broker_config: SingleBrokerMetaInfo;
  readonly client: TradingClient;
  /** Ends the datafeed's subscriptions and closes the client (the broker's streams end with it). */
  close(): void;
}

/**
 * Reads the broker's configuration, then returns the widget options that connect to it:
 * `new TradingView.widget({...await connectTradingPro({baseUrl}), symbol, interval, container})`.
 */
export async function connectTradingPro(options: TradingProWidgetOptions = {}): Promise<TradingProWidgetParts> {
  const { client, shared } = clientOf(options, options.accountId);
  try {
    const { config, brokerConfig } = await loadBrokerConfig(client);
    const datafeed = createDatafeed({ ...options, client });
    return {
      datafeed,
      broker_factory: createBrokerFactory({ ...options, client, config }),
      broker_config: brokerConfig,
      client,
      close() {
        datafeed.close();
        if (!shared) client.close();
      },
    };
  } catch (error) {
    if (!shared) client.close();
    throw error;
  }
}
