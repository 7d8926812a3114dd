// Date cells of exports (docs/administrators.md#dates-and-times): an ISO date-time of the user API becomes the
// serial number spreadsheets store dates as (days since 1899-12-30, the time of day as the fraction), in UTC —
// a cell has no time zone, and UTC is what the user API stores. The reader (cell-text.ts) turns it back into
// `YYYY-MM-DDTHH:MM:SS`, which the import compares as UTC (shared/fields/date-time.ts).
import { dateTimeInstant } from '../../shared/fields/date-time.ts';

/** How date cells show: ISO order in every language, minutes, and the zone, so nobody takes it for local time. */
export const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm "UTC"';
/** The same for SheetJS's ODS writer, which knows no unquoted `-` or space in a date format. */
export const ODS_DATE_TIME_FORMAT = 'yyyy"-"mm"-"dd" "hh:mm" UTC"';

const DAY_MS = 86_400_000;
/** 1970-01-01 in Excel's 1900 date system. */
const SERIAL_1970 = 25_569;
/** 1900-03-01: before it Excel counts a 1900-02-29 that never was; such dates stay text. */
const FIRST_INSTANT = Date.UTC(1900, 2, 1);

/**
 * The 1900-system date serial of an ISO date-time (no zone = UTC) as the text of a cell value — `46352.320138889`,
 * 9 decimals (a tenth of a millisecond) — or null when the text is not one. Written from integers: turning the
 * double into its shortest text took ~5× longer.
 */
export function excelDateSerialText(text: string): string | null {
  const instant = dateCellInstant(text);
  if (Number.isNaN(instant)) return null;
  return `${serialDays(instant)}.${String(1e9 + serialBillionths(instant)).slice(1)}`;
}

/** The instant (ms since 1970) of an ISO date-time that becomes a date cell, or NaN when it stays text. */
export function dateCellInstant(text: string): number {
  const instant = dateTimeInstant(text);
  return instant >= FIRST_INSTANT ? instant : NaN;
}

/** The whole days of a date cell's serial: the digits before its point. */
export function serialDays(instant: number): number {
  return Math.floor(instant / DAY_MS) + SERIAL_1970;
}

/** The time of day of a date cell's serial in billionths of a day: its 9 decimals (below 1e9). */
export function serialBillionths(instant: number): number {
  const days = Math.floor(instant / DAY_MS);
  return Math.round(((instant - days * DAY_MS) * 1e9) / DAY_MS);
}
