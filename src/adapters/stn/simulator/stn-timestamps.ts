/**
 * sTN writes times in Europe/Amsterdam with an explicit offset, as .NET serialises them: a value just created
 * in this request carries 7 fractional digits (`2025-01-31T17:14:22.2765425+01:00`), a value read back from the
 * database has millisecond precision with trailing zeros trimmed (`2025-01-30T15:57:19.93+01:00`), and
 * `activatedDate` has whole seconds (`2025-01-31T18:15:14+01:00`).
 */
export type TimestampPrecision = 'ticks' | 'milliseconds' | 'seconds';

/** The last Sunday of a month, at 01:00 UTC: when EU summer time starts (March) and ends (October). */
function lastSundayOneAmUtc(year: number, monthIndex: number): number {
  const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0, 1));
  return lastDay.getTime() - lastDay.getUTCDay() * 86_400_000;
}

/** Minutes east of UTC in Europe/Amsterdam at this moment (EU summer-time rule, since 1996). */
export function amsterdamOffsetMinutes(date: Date): number {
  const year = date.getUTCFullYear();
  const time = date.getTime();
  const summer = time >= lastSundayOneAmUtc(year, 2) && time < lastSundayOneAmUtc(year, 9);
  return summer ? 120 : 60;
}

const pad = (value: number, length = 2) => String(value).padStart(length, '0');

export function formatStnTimestamp(date: Date, precision: TimestampPrecision): string {
  const offset = amsterdamOffsetMinutes(date);
  const local = new Date(date.getTime() + offset * 60_000);
  const base =
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const milliseconds = pad(local.getUTCMilliseconds(), 3);
  let fraction = '';
  if (precision === 'ticks') fraction = `.${milliseconds}0000`;
  else if (precision === 'milliseconds') {
    const trimmed = milliseconds.replace(/0+$/, '');
    fraction = trimmed ? `.${trimmed}` : '';
  }
  return `${base}${fraction}+${pad(offset / 60)}:00`;
}

/** `YYYY_MM` of a moment in Amsterdam time. */
export function yearMonthOf(date: Date): string {
  const local = new Date(date.getTime() + amsterdamOffsetMinutes(date) * 60_000);
  return `${local.getUTCFullYear()}_${pad(local.getUTCMonth() + 1)}`;
}

/** `YYYY-MM-DD` of a moment in Amsterdam time (Subscription.activationDate). */
export function dateOf(date: Date): string {
  return formatStnTimestamp(date, 'seconds').slice(0, 10);
}

/** The same moment `months` calendar months later (clamped to the month's last day). */
export function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}
