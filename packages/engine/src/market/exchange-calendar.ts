/**
 * The NYSE/Nasdaq trading calendar: full-day closures and 13:00 early closes as published by the exchange
 * (nyse.com/markets/hours-calendars), 2016–2028, plus the pre- and post-market sessions around each trading day.
 * A documented table instead of a dependency: the exchange announces its dates years ahead, one-off closures
 * (national days of mourning) cannot be derived from rules, and the table is tested against the published lists.
 */

/** Full-day closures, `YYYY-MM-DD` in New York. */
const NYSE_HOLIDAYS: readonly string[] = [
  // 2016
  '2016-01-01', '2016-01-18', '2016-02-15', '2016-03-25', '2016-05-30', '2016-07-04', '2016-09-05', '2016-11-24', '2016-12-26',
  // 2017
  '2017-01-02', '2017-01-16', '2017-02-20', '2017-04-14', '2017-05-29', '2017-07-04', '2017-09-04', '2017-11-23', '2017-12-25',
  // 2018 (12-05: national day of mourning, President G. H. W. Bush)
  '2018-01-01', '2018-01-15', '2018-02-19', '2018-03-30', '2018-05-28', '2018-07-04', '2018-09-03', '2018-11-22', '2018-12-05', '2018-12-25',
  // 2019
  '2019-01-01', '2019-01-21', '2019-02-18', '2019-04-19', '2019-05-27', '2019-07-04', '2019-09-02', '2019-11-28', '2019-12-25',
  // 2020
  '2020-01-01', '2020-01-20', '2020-02-17', '2020-04-10', '2020-05-25', '2020-07-03', '2020-09-07', '2020-11-26', '2020-12-25',
  // 2021
  '2021-01-01', '2021-01-18', '2021-02-15', '2021-04-02', '2021-05-31', '2021-07-05', '2021-09-06', '2021-11-25', '2021-12-24',
  // 2022 (New Year's Day on a Saturday is not observed; Juneteenth from 2022)
  '2022-01-17', '2022-02-21', '2022-04-15', '2022-05-30', '2022-06-20', '2022-07-04', '2022-09-05', '2022-11-24', '2022-12-26',
  // 2023
  '2023-01-02', '2023-01-16', '2023-02-20', '2023-04-07', '2023-05-29', '2023-06-19', '2023-07-04', '2023-09-04', '2023-11-23', '2023-12-25',
  // 2024
  '2024-01-01', '2024-01-15', '2024-02-19', '2024-03-29', '2024-05-27', '2024-06-19', '2024-07-04', '2024-09-02', '2024-11-28', '2024-12-25',
  // 2025 (01-09: national day of mourning, President Carter)
  '2025-01-01', '2025-01-09', '2025-01-20', '2025-02-17', '2025-04-18', '2025-05-26', '2025-06-19', '2025-07-04', '2025-09-01', '2025-11-27', '2025-12-25',
  // 2026 (Independence Day on a Saturday is observed on Friday 07-03)
  '2026-01-01', '2026-01-19', '2026-02-16', '2026-04-03', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-11-26', '2026-12-25',
  // 2027
  '2027-01-01', '2027-01-18', '2027-02-15', '2027-03-26', '2027-05-31', '2027-06-18', '2027-07-05', '2027-09-06', '2027-11-25', '2027-12-24',
  // 2028 (New Year's Day on a Saturday is not observed)
  '2028-01-17', '2028-02-21', '2028-04-14', '2028-05-29', '2028-06-19', '2028-07-04', '2028-09-04', '2028-11-23', '2028-12-25',
];

/** Early closes at 13:00 New York (post-market then runs 13:00–17:00). */
const NYSE_EARLY_CLOSES: readonly string[] = [
  '2016-11-25',
  '2017-07-03', '2017-11-24',
  '2018-07-03', '2018-11-23', '2018-12-24',
  '2019-07-03', '2019-11-29', '2019-12-24',
  '2020-11-27', '2020-12-24',
  '2021-11-26',
  '2022-11-25',
  '2023-07-03', '2023-11-24',
  '2024-07-03', '2024-11-29', '2024-12-24',
  '2025-07-03', '2025-11-28', '2025-12-24',
  '2026-11-27', '2026-12-24',
  '2027-11-26',
  '2028-07-03', '2028-11-24',
];

/** First and last year the table covers; outside it only weekends close the market. */
export const NYSE_CALENDAR_YEARS = { first: 2016, last: 2028 } as const;

const DAY_MS = 86_400_000;
const dayIndexOf = (date: string): number => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
const holidays = new Set(NYSE_HOLIDAYS.map(dayIndexOf));
const earlyCloses = new Set(NYSE_EARLY_CLOSES.map(dayIndexOf));

/** Minutes of the New York day. */
export interface DayHours {
  readonly preOpen: number;
  readonly open: number;
  readonly close: number;
  readonly postClose: number;
}

const REGULAR: DayHours = { preOpen: 4 * 60, open: 9 * 60 + 30, close: 16 * 60, postClose: 20 * 60 };
const EARLY: DayHours = { preOpen: 4 * 60, open: 9 * 60 + 30, close: 13 * 60, postClose: 17 * 60 };

/** Is the New York calendar date `dayIndex` (days since 1970-01-01) a full-day closure? Weekends are not listed. */
export function isNyseHoliday(dayIndex: number): boolean {
  return holidays.has(dayIndex);
}

export function isNyseEarlyClose(dayIndex: number): boolean {
  return earlyCloses.has(dayIndex);
}

/** The hours of New York date `dayIndex`, or undefined when the exchange is closed all day (weekend or holiday). */
export function nyseHours(dayIndex: number): DayHours | undefined {
  const weekday = (dayIndex + 4) % 7; // 0 = Sunday
  if (weekday === 0 || weekday === 6 || holidays.has(dayIndex)) return undefined;
  return earlyCloses.has(dayIndex) ? EARLY : REGULAR;
}

/** The dates (`YYYY-MM-DD`) of the table, for documentation and tests. */
export function nyseClosures(year: number): { holidays: string[]; earlyCloses: string[] } {
  const prefix = `${year}-`;
  return { holidays: NYSE_HOLIDAYS.filter((d) => d.startsWith(prefix)), earlyCloses: NYSE_EARLY_CLOSES.filter((d) => d.startsWith(prefix)) };
}
