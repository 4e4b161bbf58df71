// Adversarial fragments (issue 12), shared by the linear-time test (test/security/linear-time.test.ts)
// and the adversarial benchmark (bench/adversarial.ts). Each fragment is the start of something a
// pattern looks for, without what would end it; repeated to fill a line it gives that pattern the
// most work: every position is a candidate start, and a backtracking search tries every end.
import { Gen, KINDS } from './red-team/generator.ts';

/** One family of fragments: who they aim at. */
export interface FragmentFamily {
  family: string;
  fragments: readonly string[];
}

/** Redaction: starts of matches, names, quotes and operators every pattern family needs, each without its end. */
export const REDACTION_FRAGMENTS: readonly string[] = [
  'pwd=',
  'password=',
  ';pwd={',
  ';password=',
  'Password=x;',
  'pwd=pwd;',
  'a=',
  'a=1,',
  'a=1;',
  '"a":"',
  '"token":"',
  'key: ',
  'key:',
  'token: ',
  'PASSWORD="',
  "PASSWORD='",
  'x=" token=',
  '\\"password\\":\\"',
  'secret',
  'secretsecret_',
  'token ',
  '--password ',
  ' --api-key ',
  ' -a ',
  'redis-cli -a ',
  ' -pxxx mysql ',
  '"-p',
  '"--password","',
  'authorization: ',
  'authorization:',
  'Authorization: Digest ',
  'bearer ',
  'bearer a1',
  'eyJ',
  ' eyJaaaaa.',
  ' eyJaaaaa.eyJaaaaa',
  'x://',
  'x://u:',
  ' x://u:p',
  'https://0123456789abcdef0123456789abcdef',
  '-----BEGIN ',
  '-----BEGIN PRIVATE KEY-----',
  '-----BEGIN PRIVATE KEY-----a',
  '-----BEGIN PRIVATE KEY-----\\n',
  'AKIA',
  'secret_access_key=',
  'secretaccesskey ',
  ' sk-',
  ' sk-a1',
  'AUTH ',
  ' AUTH a ',
  '"auth" ',
  'requirepass ',
  '?token=',
  '&sig=',
  'token=',
  'key=',
  'api_key=',
  'signature=',
  '…',
  'ghp_a…',
  '/aB3',
  '/aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF',
  '4) "api_key"\n',
  '"--requirepass",\n',
  'api_key\n',
  'AccountKey=',
  'SharedAccessKey=',
  'hooks.slack.com/services/',
  'discord.com/api/webhooks/1234567/',
  'a'.repeat(100),
  '_'.repeat(3),
  ' ',
  // Long runs of one character class between two parts of a pattern: a backtracking `\s*…\s*$`
  // tries every split of the run, for every place the run can start.
  `${' '.repeat(1000)}x`,
  `${'\t'.repeat(1000)}x`,
  `-----BEGIN PRIVATE KEY-----${' '.repeat(1000)}x`,
  `password=${' '.repeat(1000)}x`,
  `password:${' '.repeat(1000)}x`,
  `Authorization:${' '.repeat(1000)}x`,
  `requirepass\n${' '.repeat(1000)}x\n`,
  `"a"${' '.repeat(1000)}:${' '.repeat(1000)}"`,
];

/** Lines dense with real secrets: every match is replaced, so the replacement path does the work. */
export const DENSE_FRAGMENTS: readonly string[] = [
  'password=Zq81xLm!a ',
  'api_key=Q3mZ8pLx0vR7 ',
  'redis://u:Zq81xLmp@h ',
  'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl ',
];

/** Provider formats: each token's prefix repeated, the token cut in half repeated, tokens back to back. */
export function providerFragments(): string[] {
  const g = new Gen(7);
  const out: string[] = [];
  for (const k of KINDS) {
    const t = k.make(g);
    out.push(t.slice(0, 8), `${t.slice(0, Math.ceil(t.length / 2))} `, `${t}${t.slice(0, 6)}`);
  }
  return out;
}

/**
 * The docker-logs summarizer (its scanner and regexes: timestamps, levels, HTTP requests, stack
 * frames, templates) and the detectors of parsers that see log-like text (a 1 MiB line with no line
 * break is the whole head a detector reads).
 */
export const LOG_FRAGMENTS: readonly string[] = [
  '2025-12-24T04:53:01.094000000Z ',
  '2025-12-24T04:53:01.094000000Z',
  '2025-12-24 04:53:01,094 - ',
  '[2025-12-24 04:55:06,287] [',
  '[INFO] ',
  'ERROR ',
  'ERROR: ',
  'level=error ',
  'level=',
  '{"level":"error","msg":"',
  '{"',
  '{"a":',
  '[{',
  '"GET / HTTP/1.1" 200 ',
  '"GET ',
  '1.2.3.4:5 - "',
  '1.2.3.4 ',
  '::',
  'a:',
  ' at a.b(',
  '    at ',
  '    at a (b:1:2',
  '  File "',
  'Error: ',
  'Exception in thread "',
  'Caused by: ',
  '... 1 more ',
  'goroutine 1 [',
  'panic: ',
  // Crash headlines of other runtimes (src/core/parsers/crash-lines.ts), each without its end.
  "thread '",
  "thread 'main' (",
  'a.a.a.rb:1:in `',
  "x.rb:1:in `f': (",
  ' (A',
  '** (',
  '** (a.',
  'PHP Fatal error: ',
  'Unhandled exception. ',
  'svc | ',
  'a|',
  '1) ',
  '1) 1) (integer) ',
  '"id=1 addr=',
  'id=1 addr=1.2.3.4:5 ',
  '# Server ',
  'a_b:1 ',
  'CONTAINER ID ',
  'Filesystem ',
  'Mem: ',
  '< HTTP/1.1 200 ',
  '> GET / HTTP/1.1 ',
  '* ',
  '$ ',
  '127.0.0.1:6379> ',
  '---',
  '"',
  '\\"',
  '\\n',
  '\t',
  '12345 ',
  '0.5 ',
  '1234567890-0 ',
  'https://a.b/c ',
  '/a/b/c',
  '=',
  '#',
];

/** Neutralisation: controls, escape sequences, bidi and line separators, each shown escaped. */
export const NEUTRALIZE_FRAGMENTS: readonly string[] = [
  '\u001b[31m',
  '\u001b]8;;https://a.b\u0007',
  '\u001b]52;c;YQ==\u0007',
  '\r',
  '\r\n',
  '\b',
  '\u0000',
  '\u009b',
  '\u202e',
  '\u2028',
  '\ufeff',
];

/** One adversarial line: who it aims at, what it repeats, and how to build it at a given length. */
export interface Adversary {
  family: string;
  /** The repeated fragment, or a description of a built line. */
  label: string;
  build(n: number): string;
}

/** `fragment` repeated to exactly `n` characters. */
export function adversarialLine(fragment: string, n: number): string {
  return fragment.repeat(Math.ceil(n / fragment.length)).slice(0, n);
}

const INVISIBLE = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** A fragment as JSON strings, runs of 16 or more of one character written as a count: `"a" + 1000×" " + "x"`. */
export function describe(fragment: string): string {
  const parts: string[] = [];
  for (const m of fragment.matchAll(/(.)\1{15,}|(?:(.)(?!\2{15}))+/gsu)) {
    const run = m[1];
    parts.push(run !== undefined ? `${[...m[0]].length}×${JSON.stringify(run)}` : JSON.stringify(m[0]));
  }
  // JSON leaves C1 controls, bidi and zero-width characters, BOM and line separators as they are.
  return parts.join(' + ').replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Pieces joined by spaces until `n` characters (cut there): no two pieces need be alike. */
function joinedLine(piece: (i: number) => string, n: number): string {
  const parts: string[] = [];
  let chars = 0;
  for (let i = 0; chars < n; i++) {
    const p = `${piece(i)} `;
    parts.push(p);
    chars += p.length;
  }
  return parts.join('').slice(0, n);
}

/**
 * Lines dense with secrets that are all different: every match is replaced and gets its own
 * fingerprint, so the replacement path and the fingerprint cache do the work.
 */
function distinctSecretLines(): Adversary[] {
  const family = 'redaction (lines dense with distinct secrets)';
  const tokens = (n: number): string => {
    const g = new Gen(11);
    return joinedLine((i) => KINDS[i % KINDS.length]!.make(g), n);
  };
  return [
    { family, label: 'password=<distinct> …', build: (n) => joinedLine((i) => `password=Zq8${i.toString(36)}xLm`, n) },
    { family, label: 'api_key=<distinct>&…', build: (n) => joinedLine((i) => `?api_key=Q3m${i.toString(36)}Z8p`, n) },
    {
      family,
      label: 'redis://u:<distinct>@h …',
      build: (n) => joinedLine((i) => `redis://u:p${i.toString(36)}x@h`, n),
    },
    { family, label: `every red-team kind, fresh tokens (${KINDS.length} kinds)`, build: tokens },
  ];
}

/** Every adversarial line: the fragment families, in the order reports list them, then the built lines. */
export function adversaries(): Adversary[] {
  const seen = new Set<string>();
  const families: FragmentFamily[] = [
    { family: 'redaction (names, operators, quotes)', fragments: REDACTION_FRAGMENTS },
    { family: 'redaction (lines dense with one secret)', fragments: DENSE_FRAGMENTS },
    { family: 'redaction (provider formats)', fragments: providerFragments() },
    { family: 'docker-logs summarizer and log detectors', fragments: LOG_FRAGMENTS },
    { family: 'neutralisation', fragments: NEUTRALIZE_FRAGMENTS },
  ];
  const out: Adversary[] = [];
  for (const { family, fragments } of families) {
    for (const f of fragments) {
      // A fragment in two families is kept in the first.
      if (seen.has(f)) continue;
      seen.add(f);
      out.push({ family, label: describe(f), build: (n) => adversarialLine(f, n) });
    }
  }
  return [...out, ...distinctSecretLines()];
}
