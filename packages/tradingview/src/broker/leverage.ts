/**
 * The leverage dialog's methods, for brokers whose `/broker/config` says `supportLeverage`: the library calls them
 * only with `configFlags.supportLeverage`, and this subclass exists so that a broker without leverage has none.
 */
import { isMultipleOf, toFixed } from '@trading-pro/contracts';
import type { LeverageInfo as SdkLeverageInfo } from '@trading-pro/sdk';
import type { LeverageInfo, LeverageInfoParams, LeveragePreviewResult, LeverageSetParams, LeverageSetResult } from '../tradingview/broker-api.ts';
import { TradingProBroker } from './broker-terminal.ts';
import { toLeverageInfo } from './broker-mappers.ts';

/** Why a leverage value cannot be set (outside the range, or off its step counted from the minimum), or nothing. */
export function leverageProblems(wanted: number, info: SdkLeverageInfo): string[] {
  if (!Number.isFinite(wanted) || wanted < info.min || wanted > info.max) return [`Leverage must be between ${info.min} and ${info.max}`];
  if (!isMultipleOf(toFixed(wanted) - toFixed(info.min), toFixed(info.step))) return [`Leverage moves in steps of ${info.step} from ${info.min}`];
  return [];
}

export class TradingProLeverageBroker extends TradingProBroker {
  leverageInfo(params: LeverageInfoParams): Promise<LeverageInfo> {
    return this.call(async (client) => toLeverageInfo(await client.broker.leverage(params.symbol)));
  }

  setLeverage(params: LeverageSetParams): Promise<LeverageSetResult> {
    return this.call(async (client) => ({ leverage: (await client.broker.setLeverage(params.symbol, params.leverage)).leverage }));
  }

  /** Checked against the symbol's range before anything is sent; the broker has the last word in `setLeverage`. */
  previewLeverage(params: LeverageSetParams): Promise<LeveragePreviewResult> {
    return this.call(async (client) => {
      const info = await client.broker.leverage(params.symbol);
      const errors = leverageProblems(params.leverage, info);
      if (errors.length > 0) return { errors };
      const unchanged = toFixed(params.leverage) === toFixed(info.leverage);
      return { infos: [unchanged ? `${params.symbol} stays at ${info.leverage}x` : `${params.symbol}: ${info.leverage}x → ${params.leverage}x`] };
    });
  }
}
