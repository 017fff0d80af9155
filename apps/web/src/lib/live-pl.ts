/** Unrealized P&L of a position at the live closing mark (bid for a long, ask for a short), as the paper engine marks it. */
import { Side, type Position, type QuoteValues } from '@trading-pro/sdk';

/** P&L rounded to the cent; the server's figure when no quote is known yet. */
export function livePL(position: Position, quote: QuoteValues | undefined): number {
  if (quote === undefined) return position.pl;
  const mark = position.side === Side.Buy ? quote.bid : quote.ask;
  if (!Number.isFinite(mark) || mark <= 0) return position.pl;
  const signedQty = position.side === Side.Buy ? position.qty : -position.qty;
  return Math.round((mark - position.avgPrice) * signedQty * 100) / 100;
}
