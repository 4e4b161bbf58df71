// Optional obfuscation of network identity: IPv4/IPv6 addresses, domain names and given host
// names are replaced consistently (the same original always gets the same stand-in, across all
// files of one obfuscator) so the report still shows which services talk to which. Stand-ins come
// from ranges reserved for documentation and benchmarks (198.18.0.0/15, 2001:db8::/32, .example),
// so they can never be mistaken for a real address. Loopback and unspecified addresses stay.

/** What kind of identity a mapping entry replaced. */
export type ObfuscationKind = 'ipv4' | 'ipv6' | 'domain' | 'host';

/** One original → stand-in pair. Holds the original: show it only to whoever ran the capture. */
export interface ObfuscationEntry {
  kind: ObfuscationKind;
  original: string;
  replacement: string;
}

/** Options for {@link createObfuscator}. */
export interface ObfuscatorOptions {
  /** Bare host names to replace as whole words (container names, hostnames from `uname -n`). */
  hosts?: readonly string[];
}

/** Consistent replacement of addresses and names in text and JSON-like values. */
export interface Obfuscator {
  /** Replace addresses, domains and known host names in `text` (line count unchanged). */
  obfuscateText(text: string): string;
  /** Return an obfuscated copy of a JSON-like value (strings are rewritten; keys are kept). */
  obfuscateDeep<T>(value: T): T;
  /** Every replacement made so far: per call host names, then domains, IPv4, IPv6, each in order of appearance. */
  mapping(): ObfuscationEntry[];
}

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`(?<![\\d.])${OCTET}(?:\\.${OCTET}){3}(?!\\.?\\d)`, 'g');
// Not followed by '.': in ::ffff:172.18.0.6 only the IPv4 part is replaced, by the IPv4 pass.
const IPV6_CANDIDATE = /(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:.])/g;
const TLDS = [
  'com',
  'net',
  'org',
  'io',
  'dev',
  'app',
  'cloud',
  'ai',
  'co',
  'info',
  'biz',
  'me',
  'us',
  'uk',
  'de',
  'eu',
  'fr',
  'nl',
  'ru',
  'cn',
  'jp',
  'br',
  'au',
  'ca',
  'ch',
  'se',
  'es',
  'it',
  'pl',
  'be',
  'at',
  'dk',
  'fi',
  'cz',
  'xyz',
  'tech',
  'site',
  'online',
  'internal',
  'local',
  'lan',
  'corp',
  'home',
];
const DOMAIN = new RegExp(
  `(?<![\\w.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+(?:${TLDS.join('|')})(?![\\w-]|\\.\\w)`,
  'gi',
);
/** Documentation names and already-obfuscated stand-ins are left alone. */
const KEEP_DOMAIN = /(?:^|\.)(?:example\.(?:com|net|org)|localhost\.localdomain)$/i;

/** Create an obfuscator; see {@link Obfuscator}. */
export function createObfuscator(options: ObfuscatorOptions = {}): Obfuscator {
  const entries: ObfuscationEntry[] = [];
  const byKey = new Map<string, string>();
  const counters: Record<ObfuscationKind, number> = { ipv4: 0, ipv6: 0, domain: 0, host: 0 };
  const hosts = [...new Set(options.hosts ?? [])].filter((h) => h.length > 1).sort((a, b) => b.length - a.length);
  const hostRe =
    hosts.length > 0 ? new RegExp(`(?<![\\w.-])(?:${hosts.map(escapeRe).join('|')})(?![\\w-]|\\.\\w)`, 'g') : undefined;

  function stand(kind: ObfuscationKind, original: string): string {
    const key = `${kind}:${kind === 'domain' || kind === 'ipv6' ? original.toLowerCase() : original}`;
    let replacement = byKey.get(key);
    if (replacement === undefined) {
      const n = ++counters[kind];
      replacement =
        kind === 'ipv4'
          ? `198.${18 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`
          : kind === 'ipv6'
            ? `2001:db8::${n.toString(16)}`
            : kind === 'domain'
              ? `domain-${n}.example`
              : `host-${n}`;
      byKey.set(key, replacement);
      entries.push({ kind, original, replacement });
    }
    return replacement;
  }

  function obfuscateText(text: string): string {
    let out = text;
    if (hostRe) out = out.replace(hostRe, (h) => stand('host', h));
    out = out.replace(DOMAIN, (d) => (KEEP_DOMAIN.test(d) ? d : stand('domain', d)));
    out = out.replace(IPV4, (ip) => (keepIpv4(ip) ? ip : stand('ipv4', ip)));
    out = out.replace(IPV6_CANDIDATE, (c) => (isIpv6(c) && !keepIpv6(c) ? stand('ipv6', c) : c));
    return out;
  }

  function obfuscateDeep<T>(value: T): T {
    return walk(value) as T;
  }

  function walk(value: unknown): unknown {
    if (typeof value === 'string') return obfuscateText(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    // defineProperty, not assignment: "__proto__" is a legal key in parsed JSON.
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      Object.defineProperty(out, k, { value: walk(v), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  return { obfuscateText, obfuscateDeep, mapping: () => entries.map((e) => ({ ...e })) };
}

function keepIpv4(ip: string): boolean {
  return (
    ip.startsWith('127.') ||
    ip === '0.0.0.0' ||
    ip === '255.255.255.255' ||
    ip.startsWith('198.18.') ||
    ip.startsWith('198.19.')
  );
}

/** A real IPv6 address: 8 groups, or fewer with exactly one '::'. Rejects times like 04:55:44. */
function isIpv6(s: string): boolean {
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  if (!groups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? groups.length <= 7 : groups.length === 8;
}

function keepIpv6(s: string): boolean {
  const lower = s.toLowerCase();
  return lower === '::' || lower === '::1' || lower.startsWith('2001:db8:');
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
