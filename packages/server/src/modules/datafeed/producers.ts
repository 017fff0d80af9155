/** Producers of the `quotes` and `bars` WebSocket routes on the datafeed service (started and stopped by ref counting). */
import type { WsRoute } from '@trading-pro/contracts';
import { ErrorCode, TradingError } from '@trading-pro/contracts';
import { parseResolution } from '@trading-pro/engine';
import type { Emit, Producer } from '../../ws/topics.ts';
import type { DatafeedService } from '@trading-pro/engine';

export function marketProducers(datafeed: DatafeedService): (route: WsRoute, params: Readonly<Record<string, unknown>>, emit: Emit) => Producer {
  return (route, params, emit) => {
    const symbol = String(params.symbol);
    if (route === 'quotes') {
      const stop = datafeed.subscribeQuotes(symbol, (quote) => emit(quote));
      return {
        stop,
        snapshot: () => {
          const [current] = datafeed.quotes([symbol]);
          return current?.s === 'ok' ? current : undefined;
        },
      };
    }
    if (route === 'bars') {
      // Validate synchronously so a bad subscription is refused in its confirmation.
      datafeed.instrument(symbol);
      const resolution = String(params.resolution);
      if (!parseResolution(resolution)) throw new TradingError(ErrorCode.VALIDATION_ERROR, `unsupported resolution ${JSON.stringify(resolution)}`);
      let stopped = false;
      let unsubscribe: (() => void) | undefined;
      void datafeed.subscribeBars(symbol, resolution, (bar) => emit(bar)).then((stop) => {
        if (stopped) stop();
        else unsubscribe = stop;
      });
      return {
        stop() {
          stopped = true;
          unsubscribe?.();
        },
      };
    }
    throw new TradingError(ErrorCode.VALIDATION_ERROR, `${route} is not a market route`);
  };
}
