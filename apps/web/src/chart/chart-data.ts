/**
 * The chart's data: history for the symbol and resolution, older pages when the view reaches the oldest bar (the view
 * keeps its place), live bars from the stream, and execution markers on the bar each fill fell in.
 */
import { reactive, ref } from 'vue';
import type { ISeriesMarkersPluginApi, SeriesMarker, Time } from 'lightweight-charts';
import { Side, type Bar, type Execution, type TradingClient, type Unsubscribe } from '@trading-pro/sdk';
import { BarSeries } from './bar-series.ts';
import { resolutionMs, toCandle, toSeconds, toVolume } from './bars.ts';
import { DOWN_VOLUME, UP_VOLUME, type PriceChart } from './chart-setup.ts';
import { LEVEL_COLORS } from './levels.ts';
import { decimalsOf } from '../lib/steps.ts';

const HISTORY_BARS = 300;

export interface ChartRequest {
  readonly client: TradingClient;
  readonly symbol: string;
  readonly resolution: string;
  readonly tickSize: number;
}

export interface ChartDataHooks {
  /** A live bar changed the data (a new bar when `added`). */
  readonly onBar: (bar: Bar, added: boolean) => void;
  /** History was (re)loaded. */
  readonly onLoaded: () => void;
}

export function useChartData(view: () => PriceChart | null, hooks: ChartDataHooks) {
  const series = new BarSeries();
  const status = ref<'loading' | 'ready' | 'empty' | 'error'>('loading');
  const errorText = ref('');
  const older = reactive({ loading: false, exhausted: false });
  let request: ChartRequest | null = null;
  let stopBars: Unsubscribe | null = null;
  let token = 0;
  let markers: ISeriesMarkersPluginApi<Time> | null = null;

  function showAll(): void {
    const chart = view();
    if (chart === null) return;
    chart.candles.setData(series.bars.map(toCandle));
    chart.volume.setData(series.bars.map((bar) => toVolume(bar, UP_VOLUME, DOWN_VOLUME)));
  }

  function applyBar(bar: Bar): void {
    const chart = view();
    if (chart === null) return;
    const change = series.apply(bar);
    if (change === 'ignored') return;
    chart.candles.update(toCandle(bar));
    chart.volume.update(toVolume(bar, UP_VOLUME, DOWN_VOLUME));
    hooks.onBar(bar, change === 'added');
  }

  async function load(next: ChartRequest): Promise<void> {
    const chart = view();
    if (chart === null) return;
    request = next;
    const mine = ++token;
    stopBars?.();
    stopBars = null;
    status.value = 'loading';
    Object.assign(older, { loading: false, exhausted: false });
    chart.candles.applyOptions({ priceFormat: { type: 'price', precision: decimalsOf(next.tickSize), minMove: next.tickSize } });
    const to = Date.now();
    try {
      const history = await next.client.datafeed.history({ symbol: next.symbol, resolution: next.resolution, from: to - resolutionMs(next.resolution) * HISTORY_BARS * 3, to, countback: HISTORY_BARS });
      if (mine !== token || view() === null) return;
      series.reset(history.bars);
      showAll();
      status.value = history.bars.length === 0 ? 'empty' : 'ready';
      view()?.chart.timeScale().scrollToRealTime();
      stopBars = next.client.stream.bars(next.symbol, next.resolution, applyBar);
      hooks.onLoaded();
    } catch (error) {
      if (mine !== token) return;
      status.value = 'error';
      errorText.value = error instanceof Error ? error.message : String(error);
    }
  }

  /** The view reached the oldest bar: fetch the page before it and keep the view where it was. */
  async function loadOlder(): Promise<void> {
    const first = series.first;
    const current = request;
    if (current === null || first === undefined || older.loading || older.exhausted) return;
    older.loading = true;
    const mine = token;
    const to = first.time - 1;
    try {
      const page = await current.client.datafeed.history({ symbol: current.symbol, resolution: current.resolution, from: to - resolutionMs(current.resolution) * HISTORY_BARS * 3, to, countback: HISTORY_BARS });
      const chart = view();
      if (mine !== token || chart === null) return;
      const range = chart.chart.timeScale().getVisibleLogicalRange();
      const added = series.prepend(page.bars);
      if (added === 0) older.exhausted = true;
      else {
        showAll();
        if (range !== null) chart.chart.timeScale().setVisibleLogicalRange({ from: range.from + added, to: range.to + added });
        hooks.onLoaded();
      }
    } catch {
      // Scrolling back again retries.
    } finally {
      older.loading = false;
    }
  }

  function attachMarkers(plugin: ISeriesMarkersPluginApi<Time>): void {
    markers = plugin;
  }

  /** One arrow per fill of `symbol`, on the bar it fell in. */
  function drawMarkers(executions: readonly Execution[], symbol: string, qtyText: (qty: number) => string): void {
    if (markers === null) return;
    const list: SeriesMarker<Time>[] = [];
    for (const execution of executions) {
      if (execution.symbol !== symbol) continue;
      const bar = series.barAt(execution.time);
      if (bar === undefined) continue;
      const buy = execution.side === Side.Buy;
      list.push({ time: toSeconds(bar.time), position: buy ? 'belowBar' : 'aboveBar', shape: buy ? 'arrowUp' : 'arrowDown', color: buy ? LEVEL_COLORS.buy : LEVEL_COLORS.sell, text: `${buy ? 'B' : 'S'} ${qtyText(execution.qty)}` });
    }
    markers.setMarkers(list.sort((a, b) => Number(a.time) - Number(b.time)));
  }

  function stop(): void {
    token += 1;
    stopBars?.();
    stopBars = null;
    markers?.detach();
    markers = null;
  }

  return { series, status, errorText, older, load, loadOlder, attachMarkers, drawMarkers, stop };
}
