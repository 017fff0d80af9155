/** The chart's construction: colours from the active theme's CSS variables, and time labels in the chosen zone. */
import { CandlestickSeries, ColorType, CrosshairMode, HistogramSeries, TickMarkType, createChart, type IChartApi, type ISeriesApi, type Time } from 'lightweight-charts';
import { axisLabel, formatDateTimeIn } from '../lib/time-zone.ts';

export interface ChartColors {
  readonly background: string;
  readonly grid: string;
  readonly text: string;
  readonly border: string;
  readonly up: string;
  readonly down: string;
}

export const UP_VOLUME = 'rgba(38, 166, 154, 0.35)';
export const DOWN_VOLUME = 'rgba(239, 83, 80, 0.35)';

/** The colours of the theme in force (after data-theme is set on <html>). */
export function themeColors(): ChartColors {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    background: read('--chart-bg', '#151a21'),
    grid: read('--chart-grid', '#1e252f'),
    text: read('--chart-text', '#949eac'),
    border: read('--border', '#2c3441'),
    up: read('--up', '#26a69a'),
    down: read('--down', '#ef5350'),
  };
}

export function colorOptions(colors: ChartColors) {
  return {
    layout: { background: { type: ColorType.Solid, color: colors.background }, textColor: colors.text },
    grid: { vertLines: { color: colors.grid }, horzLines: { color: colors.grid } },
    rightPriceScale: { borderColor: colors.border },
    timeScale: { borderColor: colors.border },
  } as const;
}

/** Axis and crosshair times in `zone` (undefined = the browser's zone); the data stays in UTC seconds. */
export function zoneOptions(zone: string | undefined) {
  const ms = (time: Time) => (typeof time === 'number' ? time * 1000 : Date.UTC(typeof time === 'string' ? Number(time.slice(0, 4)) : time.year, 0, 1));
  return {
    localization: { timeFormatter: (time: Time) => formatDateTimeIn(ms(time), zone).slice(0, 16) },
    timeScale: {
      tickMarkFormatter: (time: Time, type: TickMarkType) =>
        axisLabel(ms(time), zone, type === TickMarkType.Year ? 'year' : type === TickMarkType.Month ? 'month' : type === TickMarkType.DayOfMonth ? 'day' : 'time'),
    },
  };
}

export interface PriceChart {
  readonly chart: IChartApi;
  readonly candles: ISeriesApi<'Candlestick'>;
  readonly volume: ISeriesApi<'Histogram'>;
}

export function createPriceChart(element: HTMLElement, priceText: (price: number) => string, zone: string | undefined): PriceChart {
  const colors = themeColors();
  const base = colorOptions(colors);
  const zoned = zoneOptions(zone);
  const chart = createChart(element, {
    autoSize: true,
    ...base,
    layout: { ...base.layout, fontSize: 11 },
    crosshair: { mode: CrosshairMode.Normal },
    // Grouped thousands and tick decimals on the axis, like every other price on the screen.
    localization: { priceFormatter: priceText, ...zoned.localization },
    timeScale: { ...base.timeScale, ...zoned.timeScale, timeVisible: true, secondsVisible: false, rightOffset: 6 },
  });
  const candles = chart.addSeries(CandlestickSeries, { upColor: colors.up, downColor: colors.down, borderVisible: false, wickUpColor: colors.up, wickDownColor: colors.down });
  const volume = chart.addSeries(HistogramSeries, { priceFormat: { type: 'volume' }, priceScaleId: 'volume', lastValueVisible: false, priceLineVisible: false });
  volume.priceScale().applyOptions({ scaleMargins: { top: 0.82, bottom: 0 } });
  return { chart, candles, volume };
}
