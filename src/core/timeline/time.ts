// Reading the timestamps the evidence holds into instants on one clock (UTC milliseconds), saying how
// much of each instant the evidence itself states. Docker, Redis and health bodies write a zone; many
// application logs write none ('2025-12-24 04:55:06,287') or only the time of day ('04:55:44'). Those are
// placed all the same, but each carries what was assumed, so a reader (and the skew check) can see it.

/** How an instant was read from its text. */
export interface Instant {
  ms: number;
  /** 'stated': the text names its zone; 'assumed-utc': no zone, read as UTC; 'from-capture': no date either. */
  basis: 'stated' | 'assumed-utc' | 'from-capture';
}

/** Docker's zero time ('0001-01-01T00:00:00Z'): a field that was never set, not an event. */
const ZERO_TIME = /^0001-01-01/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const CLOCK = /^(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?$/;
/** Syslog-style month-day without a year, as the log model writes it: '12-24T04:55:06'. */
const MONTH_DAY = /^(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const DAY_MS = 86_400_000;

/** Milliseconds of a fraction's digits ('287' → 287, '066317596' → 66). */
function fraction(digits: string | undefined): number {
  return digits ? Math.floor(Number(`0.${digits}`) * 1000) : 0;
}

/**
 * The instant a timestamp names. `captureMs` supplies the date of a time of day (the capture's, or the
 * day before when the time would fall after the capture) and the year of a month-day. Undefined for
 * empty, zero (0001-01-01) or unreadable values, and for a time of day when the capture time is unknown.
 */
export function toInstant(text: string | undefined, captureMs?: number): Instant | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (t === '' || ZERO_TIME.test(t)) return undefined;
  let m = ISO.exec(t);
  if (m) {
    const [, y, mo, d, h, mi, s, f, zone] = m;
    let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0), fraction(f));
    if (Number.isNaN(ms) || Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59) return undefined;
    if (zone === undefined) return { ms, basis: 'assumed-utc' };
    if (zone.toUpperCase() !== 'Z') {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0)) * 60_000;
    }
    return { ms, basis: 'stated' };
  }
  if (captureMs === undefined) return undefined;
  m = CLOCK.exec(t);
  if (m) {
    const [, h, mi, s, f] = m;
    if (Number(h) > 23 || Number(mi) > 59) return undefined;
    const day = Math.floor(captureMs / DAY_MS) * DAY_MS;
    let ms = day + ((Number(h) * 60 + Number(mi)) * 60 + Number(s ?? 0)) * 1000 + fraction(f);
    // A time of day later than the capture (beyond a minute's rounding) was written the day before.
    if (ms > captureMs + 60_000) ms -= DAY_MS;
    return { ms, basis: 'from-capture' };
  }
  m = MONTH_DAY.exec(t);
  if (m) {
    const [, mo, d, h, mi, s] = m;
    const year = new Date(captureMs).getUTCFullYear();
    let ms = Date.UTC(year, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
    if (Number.isNaN(ms)) return undefined;
    if (ms > captureMs + DAY_MS)
      ms = Date.UTC(year - 1, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
    return { ms, basis: 'from-capture' };
  }
  return undefined;
}

/** An instant as ISO 8601 UTC with milliseconds: '2025-12-20T08:31:18.937Z'. */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Milliseconds of a Redis stream id ('1766219478937-0' → 1766219478937); undefined for '0-0' or junk. */
export function streamIdMs(id: string | undefined): number | undefined {
  const m = id === undefined ? null : /^(\d{1,16})(?:-\d+)?$/.exec(id);
  if (!m) return undefined;
  const ms = Number(m[1]);
  // 0-0 is the id of "nothing delivered yet"; below 2000-01-01 no stream id is a real time.
  return ms >= 946_684_800_000 && ms < 32_503_680_000_000 ? ms : undefined;
}
