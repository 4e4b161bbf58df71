// The one units module: every byte count, duration, time and percentage evidex prints goes
// through here, so the terminal, Markdown, JSON words and the site spell them alike.
// Bytes: binary (IEC) units with a space, as `free -h` counts them: '12 GiB', '2.8 GiB', '525 MiB'.
// Durations: the two largest units, SI symbols with a space: '3 d 20 h', '2 h 22 min', '45 s'.

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** 1536 → '1.5 KiB', 12884901888 → '12 GiB': one decimal below 10, none from 10 or in bytes. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const whole = unit === 0 || Math.abs(value) >= 10;
  const shown = whole ? Math.round(value).toString() : value.toFixed(1).replace(/\.0$/, '');
  return `${shown} ${BYTE_UNITS[unit]}`;
}

/**
 * The two largest units, zero parts dropped: 331440 → '3 d 20 h', 8520 → '2 h 22 min', 372 → '6 min 12 s', 0 → '0 s'.
 */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const parts: Array<[number, string]> = [
    [Math.floor(s / 86400), 'd'],
    [Math.floor((s % 86400) / 3600), 'h'],
    [Math.floor((s % 3600) / 60), 'min'],
    [s % 60, 's'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first < 0) return '0 s';
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, u]) => `${n} ${u}`)
    .join(' ');
}

/** '2025-12-20T08:31:18.937Z' → '2025-12-20 08:31:18 UTC'; 'unknown' when absent. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return 'unknown';
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** A ratio as a percentage rounded to one decimal: 0.8 → 80, 0.12345 → 12.3. */
export function toPercent(ratio: number): number {
  return Math.round(ratio * 1000) / 10;
}

/** A ratio as a percentage with its sign: 0.8 → '80%'. */
export function formatPercent(ratio: number): string {
  return `${toPercent(ratio)}%`;
}

/** A command latency in microseconds as milliseconds to one decimal: 12345 → '12.3 ms' (SLOWLOG). */
export function formatLatency(micros: number): string {
  return `${Math.round(micros / 100) / 10} ms`;
}
