/**
 * The options schema of every built-in venue, by broker kind: the configuration's `brokers:` section is composed from
 * these, so an unknown or mistyped key under `brokers.<kind>` stops the start with its path. Loads no venue client.
 */
import { AlpacaOptionsSchema } from './alpaca/alpaca-config.ts';
import { CcxtBrokerOptionsSchema } from './ccxt/ccxt-options-schema.ts';
import { IbOptionsSchema } from './ib/ib-config.ts';
import { PaperOptionsSchema } from './paper/paper-options.ts';

export { AlpacaOptionsSchema, CcxtBrokerOptionsSchema, IbOptionsSchema, PaperOptionsSchema };

export const BROKER_OPTIONS_SCHEMAS = {
  paper: PaperOptionsSchema,
  binance: CcxtBrokerOptionsSchema,
  bybit: CcxtBrokerOptionsSchema,
  okx: CcxtBrokerOptionsSchema,
  kraken: CcxtBrokerOptionsSchema,
  alpaca: AlpacaOptionsSchema,
  ib: IbOptionsSchema,
} as const;

/** The built-in broker kinds (`accounts[].broker`). */
export const BROKER_KINDS = Object.keys(BROKER_OPTIONS_SCHEMAS) as (keyof typeof BROKER_OPTIONS_SCHEMAS)[];
