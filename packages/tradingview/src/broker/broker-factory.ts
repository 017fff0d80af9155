/** TradingView's `broker_factory` and `broker_config` widget options, built from the server's broker. */
import type { BrokerConfig, TradingClient } from '@trading-pro/sdk';
import type { BrokerFactory, IBrokerConnectionAdapterHost, SingleBrokerMetaInfo } from '../tradingview/broker-api.ts';
import { TradingProBroker, type BrokerOptions } from './broker-terminal.ts';
import { toBrokerMetaInfo } from './broker-mappers.ts';
import { TradingProLeverageBroker } from './leverage.ts';

/**
 * `broker_factory: createBrokerFactory({baseUrl})`: the library calls it once with its Trading Host. With `config`
 * (see `loadBrokerConfig`) a broker without leverage gets no leverage methods; without it they are there, and the
 * library uses them only when `broker_config` enables leverage.
 */
export function createBrokerFactory(options: BrokerOptions = {}): BrokerFactory {
  return (host: IBrokerConnectionAdapterHost) => (options.config?.supportLeverage === false ? new TradingProBroker(host, options) : new TradingProLeverageBroker(host, options));
}

/** `GET /broker/config` of the account, and the widget's `broker_config` (`{configFlags, durations}`) derived from it. */
export async function loadBrokerConfig(client: TradingClient): Promise<{ config: BrokerConfig; brokerConfig: SingleBrokerMetaInfo }> {
  const config = await client.broker.config();
  return { config, brokerConfig: toBrokerMetaInfo(config) };
}
