/** The chart page and the text summary of a report. */
import { describe, expect, it } from 'vitest';
import { renderReportHtml } from './report-html.ts';
import { formatReportText } from './report-text.ts';
import { runBacktest } from './run-backtest.ts';
import type { Strategy } from './strategy.ts';
import { DAY, FIVE_BARS, T0, TEST, bars } from './fixtures/test-bars.ts';

const roundTrip: Strategy = {
  name: 'buy <then> sell & "done"',
  onBar(_bar, ctx) {
    if (ctx.barIndex === 0) ctx.placeOrder({ type: 2, side: 1, qty: 10 });
    if (ctx.barIndex === 3) ctx.placeOrder({ type: 2, side: -1, qty: 10 });
  },
};

describe('report page', () => {
  const { report } = runBacktest({ symbol: 'TEST', bars: FIVE_BARS, strategy: roundTrip, instrument: TEST, initialCash: 10_000, commission: { rate: 0.001 } });
  const html = renderReportHtml(report);

  it('is one self-contained page: three inline SVG charts, no script, no external URL', () => {
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).not.toContain('<script');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('draws the buy-and-hold benchmark on the equity chart and lists the performance figures', () => {
    expect(html.match(/<polyline points="[^"]+" fill="none" stroke="[^"]+" stroke-width="1" stroke-dasharray="4 3" class="benchmark"\/>/g)).toHaveLength(1);
    for (const label of ['CAGR', 'Sharpe ratio', 'Sortino ratio', 'Calmar ratio', 'Max drawdown duration', 'Exposure', 'Profit factor', 'Buy &amp; hold return']) {
      expect(html).toContain(`<th>${label}</th>`);
    }
  });

  it('marks each fill on the price chart and lists the trades', () => {
    expect(html.match(/<polygon points="[^"]+" class="buy">/g)).toHaveLength(1);
    expect(html.match(/<polygon points="[^"]+" class="sell">/g)).toHaveLength(1);
    expect(html).toContain('<td>101.01</td>');
    expect(html).toContain('<td>37.84</td>');
  });

  it('escapes names that look like markup', () => {
    expect(html).toContain('buy &lt;then&gt; sell &amp; &quot;done&quot;');
    expect(html).not.toContain('<then>');
  });

  it('keeps a long series to a bounded number of points', () => {
    const many = bars(Array.from({ length: 50_000 }, (_, i) => {
      const price = String(100 + (i % 100) / 10);
      return [price, price, price, price] as const;
    }));
    const page = renderReportHtml(runBacktest({ symbol: 'TEST', bars: many, strategy: { name: 'idle', onBar() {} }, instrument: TEST }).report);
    const longest = Math.max(...[...page.matchAll(/<polyline points="([^"]*)"/g)].map((m) => (m[1] ?? '').split(' ').length));
    expect(longest).toBeLessThanOrEqual(2_000);
    expect(longest).toBeGreaterThan(100);
  });
});

describe('text summary', () => {
  it('heads the table with the strategy, symbol and period, one aligned figure per line', () => {
    const { report } = runBacktest({ symbol: 'TEST', bars: FIVE_BARS, strategy: roundTrip, instrument: TEST, initialCash: 10_000, commission: { rate: 0.001 } });
    const lines = formatReportText(report).split('\n');
    expect(lines[0]).toBe(`${roundTrip.name} on TEST: 5 bars, ${new Date(T0).toISOString().slice(0, 10)} to ${new Date(T0 + 4 * DAY).toISOString().slice(0, 10)}`);
    expect(lines).toContain('  Net P&L                       37.84');
    expect(lines).toContain('  Max drawdown %               0.30 %');
    expect(lines).toContain('  Exposure                    60.00 %');
    expect(lines).toContain('  Profit factor                     —');
    expect(lines).toContain('  Buy & hold return            3.98 %');
    expect(new Set(lines.slice(2, -1).map((l) => l.length)).size).toBe(1);
  });
});
