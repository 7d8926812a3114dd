// Turns stored cell values into the text a person sees ("numbers as a person sees them without
// exponent/float noise", dates by number format → ISO). Shared by the XLSX scanner and the SheetJS path
// (XLS, ODS), so every format gives the same strings.
//
// Choices: numbers are shown with at most 15 significant digits (Excel's display precision), never in
// exponent notation, integers without ".0". Of the number formats only what changes the data is applied:
// dates/times (→ ISO 8601), zero padding ("00000" postal codes), fixed decimals and percent. Thousands
// separators, currency symbols, colours and literal text in formats are not applied: the text is data to
// import, not decoration.

export type NumberFormat =
  | { kind: 'general' }
  | { kind: 'date'; date: boolean; time: boolean; elapsed: boolean }
  | { kind: 'fixed'; minIntegerDigits: number; minDecimals: number; maxDecimals: number; percent: boolean };

export const GENERAL: NumberFormat = { kind: 'general' };

// Built-in number formats of ECMA-376 §18.8.30 that are dates/times; 27–36 and 50–58 are the
// East Asian locale dates.
const BUILTIN_DATE_FORMATS: Record<number, string> = {
  14: 'yyyy-mm-dd',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'yyyy-mm-dd h:mm',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mm:ss.0',
};
const BUILTIN_NUMBER_FORMATS: Record<number, string> = { 1: '0', 2: '0.00', 9: '0%', 10: '0.00%' };

/** The format of a built-in number format id (`numFmtId` without a `<numFmt>`). */
export function builtinNumberFormat(id: number): NumberFormat {
  if ((id >= 27 && id <= 36) || (id >= 50 && id <= 58))
    return { kind: 'date', date: true, time: false, elapsed: false };
  const code = BUILTIN_DATE_FORMATS[id] ?? BUILTIN_NUMBER_FORMATS[id];
  return code ? parseNumberFormat(code) : GENERAL;
}

const formatCache = new Map<string, NumberFormat>();

/** Classifies a format code such as `dd.mm.yyyy`, `00000`, `0.00%` or `General`. */
export function parseNumberFormat(code: string): NumberFormat {
  const cached = formatCache.get(code);
  if (cached) return cached;
  const format = classify(code);
  if (formatCache.size < 1000) formatCache.set(code, format);
  return format;
}

function classify(code: string): NumberFormat {
  // Only the first section (positive numbers) decides; quoted literals, escapes and [colour] go.
  const section = (code.split(';')[0] ?? '')
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/_.|\*./g, '');
  const elapsed = /\[(h+|m+|s+)\]/i.test(section);
  const bare = section.replace(/\[[^\]]*\]/g, '').trim();
  if (bare === '' || /^general$/i.test(bare) || bare === '@') return GENERAL;
  const lower = bare.toLowerCase().replace(/am\/pm|a\/p/g, '');
  if (elapsed || /[ydhs]/.test(lower) || /^[^0#?]*m[^0#?]*$/.test(lower)) {
    // An `m` is a month unless the format also has hours or seconds (then `mm` in `h:mm`, `mm:ss` are minutes).
    const hasTime = elapsed || /[hs]/.test(lower);
    const hasDate = /[yd]/.test(lower) || (/m/.test(lower) && !hasTime);
    return { kind: 'date', date: hasDate && !elapsed, time: hasTime, elapsed };
  }
  const fixed = /^([#0,]*)(?:\.([0#]*))?(%?)$/.exec(bare);
  if (fixed) {
    const integerPart = fixed[1] ?? '';
    const decimals = fixed[2] ?? '';
    return {
      kind: 'fixed',
      minIntegerDigits: (integerPart.match(/0/g) ?? []).length,
      minDecimals: (decimals.match(/0/g) ?? []).length,
      maxDecimals: decimals.length,
      percent: fixed[3] === '%',
    };
  }
  return GENERAL;
}

/** The text a person sees for a numeric cell value under a number format. */
export function numberCellText(value: number, format: NumberFormat, date1904: boolean): string {
  if (!Number.isFinite(value)) return '';
  if (format.kind === 'date') return serialToIso(value, date1904, format);
  if (format.kind === 'fixed') return fixedNumberText(value, format);
  return plainNumberText(value);
}

/** `4915112345678`, `0.3` for 0.1+0.2, `0.0000001`, `-12.5`: 15 significant digits, no exponent. */
export function plainNumberText(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  return expandExponent(String(Number(value.toPrecision(15))));
}

/** The cell text of a number as stored in XML (`<v>`), with a fast path for short plain integers. */
export function storedNumberText(raw: string, format: NumberFormat, date1904: boolean): string {
  if (format.kind === 'general' && isShortInteger(raw)) return raw;
  const value = Number(raw);
  if (raw.trim() === '' || Number.isNaN(value)) return raw;
  return numberCellText(value, format, date1904);
}

function isShortInteger(raw: string): boolean {
  const length = raw.length;
  if (length === 0 || length > 15) return false;
  let i = raw.charCodeAt(0) === 45 ? 1 : 0;
  if (i === length) return false;
  // A leading zero would be a different text than the number ("007" is 7); let the slow path decide.
  if (raw.charCodeAt(i) === 48 && length > i + 1) return false;
  for (; i < length; i++) {
    const code = raw.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

function fixedNumberText(value: number, format: Extract<NumberFormat, { kind: 'fixed' }>): string {
  const scaled = format.percent ? value * 100 : value;
  const rounded = Number(scaled.toFixed(Math.min(format.maxDecimals, 20)));
  let text = plainNumberText(Math.abs(rounded));
  let [integer = '0', fraction = ''] = text.split('.');
  if (fraction.length < format.minDecimals) fraction = fraction.padEnd(format.minDecimals, '0');
  if (integer === '0' && format.minIntegerDigits === 0 && fraction !== '') integer = '';
  integer = integer.padStart(format.minIntegerDigits, '0');
  text = fraction === '' ? integer : `${integer}.${fraction}`;
  if (text === '') text = '0';
  const sign = rounded < 0 ? '-' : '';
  return `${sign}${text}${format.percent ? '%' : ''}`;
}

/** `1.5e-7` → `0.00000015`, `1.2e+21` → `1200000000000000000000`. */
function expandExponent(text: string): string {
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign = '', lead = '', rest = '', exponentText = '0'] = match;
  const digits = lead + rest;
  const exponent = Number(exponentText);
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  if (digits.length - 1 <= exponent) return sign + digits + '0'.repeat(exponent - digits.length + 1);
  return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/**
 * A date serial as ISO 8601: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS` or `HH:MM:SS`, in the 1900 date system
 * (with Lotus 1-2-3's phantom 1900-02-29 = serial 60, which Excel keeps) or the 1904 one (Mac Excel).
 */
export function serialToIso(
  serial: number,
  date1904: boolean,
  parts: { date: boolean; time: boolean; elapsed?: boolean },
): string {
  const totalSeconds = Math.round(serial * 86_400);
  if (parts.elapsed) {
    const sign = totalSeconds < 0 ? '-' : '';
    const seconds = Math.abs(totalSeconds);
    return `${sign}${Math.floor(seconds / 3600)}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
  }
  let days = Math.floor(totalSeconds / 86_400);
  const secondsOfDay = totalSeconds - days * 86_400;
  const time = `${pad2(Math.floor(secondsOfDay / 3600))}:${pad2(Math.floor(secondsOfDay / 60) % 60)}:${pad2(secondsOfDay % 60)}`;
  if (!parts.date) return time;
  let date: string;
  if (!date1904 && days === 60) {
    date = '1900-02-29';
  } else {
    if (!date1904 && days < 60) days += 1; // before the phantom day, serial 1 = 1900-01-01
    const ms = (date1904 ? EPOCH_1904 : EPOCH_1900) + days * DAY_MS;
    date = new Date(ms).toISOString().slice(0, 10);
  }
  return parts.time ? `${date}T${time}` : date;
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** The `d` cell type stores ISO 8601 text; show it like a serial would be shown under the format. */
export function isoCellText(raw: string, format: NumberFormat): string {
  const iso = raw
    .trim()
    .replace(/Z$/, '')
    .replace(/\.\d+$/, '');
  if (format.kind === 'date' && format.date && !format.time) return iso.slice(0, 10);
  if (/^\d{4}-\d{2}-\d{2}T00:00:00$/.test(iso) && !(format.kind === 'date' && format.time))
    return iso.slice(0, 10);
  return iso;
}
