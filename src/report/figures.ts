/**
 * Figures in prose: numbers with their unit, percentages and dates, normalised so that 1,150 / 1150 /
 * 1.15k, "17 percent" / "17%" and "March 2025" / "2025-03" compare equal. Pure; linear regex scans only.
 */

export type Figure =
  | { kind: 'number'; value: number; unit?: string; text: string }
  | { kind: 'date'; year: number; month?: number; day?: number; text: string };

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_RE = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';

function monthOf(name: string): number {
  const key = name.toLowerCase().slice(0, 3);
  return MONTHS.findIndex((m) => m.startsWith(key)) + 1;
}

/** Multipliers written after a number. */
const SCALE: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  mn: 1e6,
  million: 1e6,
  bn: 1e9,
  billion: 1e9,
  tn: 1e12,
  trillion: 1e12,
};

/** Unit spellings mapped to one name; a number followed by anything else has no unit. */
const UNITS: Record<string, string> = {
  '%': '%',
  percent: '%',
  'per cent': '%',
  pct: '%',
  'percentage points': 'pp',
  'percentage point': 'pp',
  pp: 'pp',
  x: 'x',
  '×': 'x',
  times: 'x',
  ms: 'ms',
  milliseconds: 'ms',
  millisecond: 'ms',
  s: 's',
  sec: 's',
  seconds: 's',
  second: 's',
  minutes: 'min',
  minute: 'min',
  min: 'min',
  hours: 'h',
  hour: 'h',
  h: 'h',
  days: 'day',
  day: 'day',
  weeks: 'week',
  week: 'week',
  months: 'month',
  month: 'month',
  years: 'year',
  year: 'year',
  kb: 'kb',
  mb: 'mb',
  gb: 'gb',
  tb: 'tb',
  wh: 'wh',
  kwh: 'kwh',
  mwh: 'mwh',
  gwh: 'gwh',
  'wh/kg': 'wh/kg',
  'wh/l': 'wh/l',
  kw: 'kw',
  mw: 'mw',
  gw: 'gw',
  w: 'w',
  v: 'v',
  km: 'km',
  m: 'm',
  cm: 'cm',
  mm: 'mm',
  kg: 'kg',
  g: 'g',
  mpa: 'mpa',
  '°c': '°c',
  '°f': '°f',
  cycles: 'cycle',
  cycle: 'cycle',
  'gpu-hours': 'gpu-hour',
  'gpu-hour': 'gpu-hour',
  usd: 'usd',
  dollars: 'usd',
  eur: 'eur',
  euros: 'eur',
};

const CURRENCY: Record<string, string> = { $: 'usd', '€': 'eur', '£': 'gbp', US$: 'usd' };

const UNIT_ALTERNATION = Object.keys(UNITS)
  .sort((a, b) => b.length - a.length)
  .map((u) => u.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
  .join('|');
const SCALE_ALTERNATION = Object.keys(SCALE)
  .sort((a, b) => b.length - a.length)
  .join('|');

// A number not glued to a word before it (H100, GPT-4 and v2 are names, not figures).
const NUMBER = new RegExp(
  `(?<![\\p{L}\\d.,/-]|\\p{L}-)(US\\$|[$€£])?\\s?(\\d{1,3}(?:,\\d{3})+|\\d+)(\\.\\d+)?` +
    `(?:\\s?(${SCALE_ALTERNATION})(?![\\p{L}]))?` +
    `(?:\\s?(${UNIT_ALTERNATION})(?![\\p{L}\\d]))?`,
  'giu',
);
const ISO_DATE = /\b(\d{4})-(\d{2})(?:-(\d{2}))?\b/g;
const DAY_MONTH_YEAR = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH_RE}\\s+(\\d{4})\\b`, 'gi');
const MONTH_DAY_YEAR = new RegExp(`\\b${MONTH_RE}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'gi');
const MONTH_YEAR = new RegExp(`\\b${MONTH_RE}\\s+(\\d{4})\\b`, 'gi');

function isYear(n: number, text: string): boolean {
  return /^\d{4}$/.test(text) && n >= 1900 && n <= 2100;
}

/** Every figure in `text`: dates first (their digits are then not read again as numbers). */
export function figuresOf(text: string): Figure[] {
  const figures: Figure[] = [];
  let rest = text;
  const take = (re: RegExp, make: (m: RegExpExecArray) => Figure | undefined) => {
    rest = rest.replace(re, (...args: unknown[]) => {
      const match = args.slice(0, -2) as unknown as RegExpExecArray;
      const figure = make(match);
      if (figure) figures.push(figure);
      return figure ? ' '.repeat(String(match[0]).length) : String(match[0]);
    });
  };
  take(ISO_DATE, (m) => {
    const month = Number(m[2]);
    const day = m[3] ? Number(m[3]) : undefined;
    if (month < 1 || month > 12 || (day !== undefined && (day < 1 || day > 31))) return undefined;
    return { kind: 'date', year: Number(m[1]), month, day, text: m[0] };
  });
  take(DAY_MONTH_YEAR, (m) => ({ kind: 'date', year: Number(m[3]), month: monthOf(m[2]), day: Number(m[1]), text: m[0] }));
  take(MONTH_DAY_YEAR, (m) => ({ kind: 'date', year: Number(m[3]), month: monthOf(m[1]), day: Number(m[2]), text: m[0] }));
  take(MONTH_YEAR, (m) => ({ kind: 'date', year: Number(m[2]), month: monthOf(m[1]), text: m[0] }));
  for (const m of rest.matchAll(NUMBER)) {
    const [whole, currency, integer, fraction, scale, unit] = m;
    const digits = integer.replace(/,/g, '') + (fraction ?? '');
    let value = Number(digits);
    if (!Number.isFinite(value)) continue;
    if (!currency && !fraction && !scale && !unit && isYear(value, integer)) {
      figures.push({ kind: 'date', year: value, text: whole.trim() });
      continue;
    }
    if (scale) value *= SCALE[scale.toLowerCase()];
    const unitName = currency ? CURRENCY[currency] : unit ? UNITS[unit.toLowerCase()] : undefined;
    figures.push({ kind: 'number', value, ...(unitName ? { unit: unitName } : {}), text: whole.trim() });
  }
  return figures;
}

function sameValue(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(Math.abs(a), Math.abs(b)) * 1e-9;
}

/** Does `material` (the figures of the cited sources) give `figure`? */
export function figureSupported(figure: Figure, material: readonly Figure[]): boolean {
  if (figure.kind === 'date') {
    return material.some((f) => {
      if (f.kind === 'number') return figure.month === undefined && !f.unit && sameValue(f.value, figure.year);
      return f.year === figure.year && (figure.month === undefined || f.month === figure.month) && (figure.day === undefined || f.day === figure.day);
    });
  }
  return material.some((f) => {
    if (f.kind === 'date') return !figure.unit && f.month === undefined && sameValue(figure.value, f.year);
    if (!sameValue(f.value, figure.value)) return false;
    return !figure.unit || !f.unit || f.unit === figure.unit;
  });
}
