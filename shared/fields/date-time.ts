// Date-time values of read-only fields ("Access link sent", "Last login"; docs/administrators.md#dates-and-times).
// The user API stores instants with a zone (`2026-11-26T07:41:00.000Z`); a spreadsheet date cell has no zone, and
// XLSX/ODS exports write these fields as date cells in UTC. So a date-time without a zone is read as UTC here, and
// two texts name the same value when they are the same instant to the second (a date cell keeps whole seconds).
//
// Parsed by hand, without a regular expression or a Date object: the XLSX writer calls this for every date cell.

/**
 * The instant of `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff…]]` (`T` or a space) with an optional `Z` or `±HH:MM`
 * in milliseconds since 1970 (no zone = UTC), or NaN when the text is not such a date-time (a NaN part makes the
 * sum NaN).
 */
export function dateTimeInstant(text: string): number {
  const length = text.length;
  if (length < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return NaN;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  let ms = Date.UTC(year, month - 1, day);
  if (year < 100) ms = NaN; // Date.UTC maps years 0–99 to 1900–1999
  if (length === 10) return ms;
  const separator = text.charCodeAt(10);
  if ((separator !== 84 && separator !== 32) || length < 16 || text.charCodeAt(13) !== 58) return NaN;
  const hours = digits(text, 11, 2);
  const minutes = digits(text, 14, 2);
  let seconds = 0;
  let i = 16;
  if (i < length && text.charCodeAt(i) === 58) {
    seconds = digits(text, 17, 2);
    i = 19;
    if (i < length && text.charCodeAt(i) === 46) {
      // Fractions of a second: milliseconds from the first three digits, the rest only checked.
      let fraction = 0;
      let scale = 100;
      i++;
      const start = i;
      for (; i < length; i++) {
        const code = text.charCodeAt(i);
        if (code < 48 || code > 57) break;
        fraction += (code - 48) * scale;
        scale /= 10;
      }
      if (i === start) return NaN;
      ms += Math.floor(fraction);
    }
  }
  if (hours > 23 || minutes > 59 || seconds > 59) return NaN;
  ms += ((hours * 60 + minutes) * 60 + seconds) * 1000;
  if (i === length) return ms;
  const zone = text.charCodeAt(i);
  if (zone === 90 || zone === 122) return i + 1 === length ? ms : NaN; // Z, z
  if ((zone !== 43 && zone !== 45) || i + 6 !== length || text.charCodeAt(i + 3) !== 58) return NaN;
  const offsetHours = digits(text, i + 1, 2);
  const offsetMinutes = digits(text, i + 4, 2);
  if (offsetHours > 23 || offsetMinutes > 59) return NaN;
  const offset = (offsetHours * 60 + offsetMinutes) * 60_000;
  return zone === 43 ? ms - offset : ms + offset;
}

/**
 * Whether two texts of a date-time field name the same value: the same instant to the nearest second when both are
 * date-times, the same text otherwise. `2026-11-26T07:41:00` (a re-imported date cell) is `2026-11-26T07:41:00.000Z`.
 */
export function sameDateTime(a: string, b: string): boolean {
  if (a === b) return true;
  const first = dateTimeInstant(a.trim());
  const second = dateTimeInstant(b.trim());
  if (Number.isNaN(first) || Number.isNaN(second)) return a.trim() === b.trim();
  return Math.round(first / 1000) === Math.round(second / 1000);
}

/** The number of `count` ASCII digits at `start`, or NaN. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return NaN;
    value = value * 10 + (code - 48);
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
