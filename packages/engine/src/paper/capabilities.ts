/** What the paper engine supports, as a broker reports it (`/broker/config` without the broker's name). */
import { capabilities } from '@trading-pro/contracts';

export const PAPER_CAPABILITIES = capabilities({
  supportOrderBrackets: true,
  supportPositionBrackets: true,
  supportTrailingStop: true,
  supportNativeReversePosition: true,
  supportLeverage: true,
  supportedDurations: ['GTC', 'DAY', 'IOC', 'FOK'],
  supportMarketHours: true,
});
