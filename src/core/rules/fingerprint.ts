import type { Finding } from '../model/finding.ts';

// Fingerprints key the run-to-run diff, so they must survive what changes between two captures of
// the same problem: container ids, replica numbers, ports, pids, timestamps, stream entry ids.

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

/** 64-bit FNV-1a over the UTF-8 bytes of `text`, as 16 hex digits. Pure and synchronous. */
export function fnv1a64(text: string): string {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * FNV_PRIME) & MASK;
  }
  return hash.toString(16).padStart(16, '0');
}

/**
 * A subject with its volatile parts replaced by placeholders, lowercased:
 * 'container:Web_1' → 'container:web', 'redis@10.0.0.5:6379' → 'redis@10.0.0.5:<port>'.
 */
export function normalizeSubject(subject: string): string {
  return (
    subject
      .toLowerCase()
      .replace(/\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?/g, '<time>')
      .replace(/\b\d{13}-\d+\b/g, '<stream-id>')
      .replace(/\b[0-9a-f]{64}\b/g, '<id>')
      .replace(/\b(?=[0-9a-f]*\d)[0-9a-f]{12}\b/g, '<id>')
      // host:port only where the host looks like an IP, a dotted name or localhost: stream keys
      // ('quantum:stream:x') are colon-separated too and must keep their parts.
      .replace(
        /((?:\d{1,3}\.){3}\d{1,3}|\blocalhost|\[[0-9a-f:]+\]|\b[a-z0-9-]+(?:\.[a-z0-9-]+)+):\d{1,5}\b/g,
        '$1:<port>',
      )
      .replace(/\bpid[=: ]?\d+\b/g, 'pid:<n>')
      // Swarm task names (name.1.<25-char task id>) and compose replica suffixes (name-1, name_1),
      // only on container-like subjects so stream keys ending in digits keep them.
      .replace(/\b(container|logs|health):([^/\s]+?)(?:\.\d+\.[a-z0-9]{25}|[-_]\d{1,3})(?=$|[/\s])/g, '$1:$2')
  );
}

/** The versioned fingerprint of a finding: 'v1:' + FNV-1a 64 of rule id and normalised subject. */
export function fingerprint(ruleId: string, subject: string): string {
  return `v1:${fnv1a64(`${ruleId}\0${normalizeSubject(subject)}`)}`;
}

/** A fingerprint for a finding whose normalised subject collides with another in the same run: raw subject kept. */
export function exactFingerprint(ruleId: string, subject: string): string {
  return `v1:${fnv1a64(`${ruleId}\0=${subject}`)}`;
}

/** Groups of findings that share a fingerprint but are different problems (rule or subject differs). */
export function findCollisions(
  findings: readonly Pick<Finding, 'fingerprint' | 'ruleId' | 'subject'>[],
): Array<{ fingerprint: string; subjects: string[] }> {
  const byFp = new Map<string, Set<string>>();
  for (const f of findings) {
    const set = byFp.get(f.fingerprint) ?? new Set<string>();
    set.add(`${f.ruleId} ${f.subject}`);
    byFp.set(f.fingerprint, set);
  }
  const out: Array<{ fingerprint: string; subjects: string[] }> = [];
  for (const [fp, set] of byFp) if (set.size > 1) out.push({ fingerprint: fp, subjects: [...set].sort() });
  return out.sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1));
}
