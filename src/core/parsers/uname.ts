// Capture: uname -a
//   Linux quantumtrader-prod-1 6.8.0-88-generic #89-Ubuntu SMP PREEMPT_DYNAMIC Sat Oct 11 01:02:46 UTC 2025
//     x86_64 x86_64 x86_64 GNU/Linux                                                 (one line, wrapped here)
//   Linux vm 6.18.44-fc-v669 #1 SMP PREEMPT_DYNAMIC @0 x86_64 GNU/Linux              (coreutils 9 omits unknown -p/-i)
//   Linux 3f1c2a 6.6.12-linuxkit #1 SMP Fri Jan 19 08:53:09 UTC 2024 x86_64 Linux    (Alpine busybox)
//   Darwin mac.local 23.1.0 Darwin Kernel Version 23.1.0: Mon Oct  9 21:27:27 PDT 2023;
//     root:xnu-10002.41.9~6/RELEASE_X86_64 x86_64                                    (macOS, wrapped too)
// The kernel version string holds spaces, so fields are taken from both ends: name, host and release
// from the left; OS, hardware platform, processor and machine from the right.
import { Uname } from '../model/host.ts';
import { contentLines, defineParser, lineAt, oneCommandText, refAt, splitLines } from './parser.ts';
import type { ParseContext, ParseResult } from './parser.ts';

const KERNELS = new RegExp(
  '^(' +
    [
      'Linux',
      'Darwin',
      'FreeBSD',
      'OpenBSD',
      'NetBSD',
      'DragonFly',
      'SunOS',
      'AIX',
      'GNU',
      'Haiku',
      'CYGWIN_NT-[\\w.-]+',
      'MINGW(?:32|64)_NT-[\\w.-]+',
      'MSYS_NT-[\\w.-]+',
    ].join('|') +
    ')$',
);
const ARCH = new RegExp(
  '^(' +
    [
      'x86_64',
      'amd64',
      'i[3-6]86',
      'aarch64',
      'arm64',
      'armv[\\w]+',
      'ppc64(?:le)?',
      'ppc',
      's390x?',
      'riscv64',
      'mips\\w*',
      'loongarch64',
      'sparc64',
      'ia64',
      'unknown',
    ].join('|') +
    ')$',
);
const OS_NAME = /^(GNU\/Linux|Linux|Android|Cygwin|Msys|GNU\/kFreeBSD|GNU\/Hurd|Toybox)$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Parser for `uname -a`: kernel name, hostname, release, version, machine. */
export const unameParser = defineParser({
  id: 'uname',
  description: 'Kernel and host identity from uname -a (GNU coreutils, busybox, BSD/macOS)',
  command: 'uname -a',
  fileNames: /uname|system|context/i,
  ...oneCommandText('uname capture is empty'),
  detect(text, name): number {
    const lines = contentLines(text);
    const fields = splitFields(lines[0] ?? '');
    if (fields === undefined) return 0;
    const hint = /uname/i.test(name) ? 0.05 : 0;
    // A uname capture is one line: a longer text that merely starts with one is a multi-command file.
    if (lines.length > 1) return 0.2;
    return Math.min(1, (fields.version !== undefined || fields.machine !== undefined ? 0.9 : 0.7) + hint);
  },
  schema: Uname,
  parse: parseUname,
});

interface Fields {
  kernelName: string;
  hostname: string;
  kernelRelease: string;
  version?: string;
  machine?: string;
}

/** Parse one `uname -a` line; never throws. */
function parseUname(text: string, ctx: ParseContext): ParseResult<Uname> {
  const lines = splitLines(text);
  const index = lines.findIndex((l) => l.trim() !== '');
  const fields = splitFields(lines[index] ?? '');
  if (fields === undefined) {
    return {
      ok: false,
      issues: [
        {
          kind: 'unrecognised',
          message: `not a uname -a line: '${(lines[index] ?? '').trim().slice(0, 120)}'`,
          line: lineAt(ctx, index + 1),
        },
      ],
    };
  }
  const value: Uname = {
    kernelName: fields.kernelName,
    hostname: fields.hostname,
    kernelRelease: fields.kernelRelease,
    evidence: refAt(ctx, index + 1),
  };
  if (fields.version !== undefined) {
    value.kernelVersion = fields.version;
    const built = parseBuildDate(fields.version);
    if (built !== undefined) value.builtAt = built;
  }
  if (fields.machine !== undefined) value.machine = fields.machine;
  const extra = lines.slice(index + 1).findIndex((l) => l.trim() !== '');
  const issues =
    extra < 0
      ? []
      : [
          {
            kind: 'parse-failure' as const,
            message: 'uname capture has more than one line; only the first was read',
            line: lineAt(ctx, index + extra + 2),
          },
        ];
  return { ok: true, value, issues };
}

function splitFields(line: string): Fields | undefined {
  const trimmed = line.trim();
  // The kernel name first: a 1 MiB log line is not split into words only to fail on its first one.
  if (!KERNELS.test(/^\S*/.exec(trimmed)?.[0] ?? '')) return undefined;
  const tokens = trimmed.split(/\s+/);
  const [kernelName, hostname, kernelRelease] = tokens;
  if (kernelName === undefined || hostname === undefined || kernelRelease === undefined) return undefined;
  if (!KERNELS.test(kernelName) || !/^\d[\w.+~-]*$/.test(kernelRelease) || !/^[\w.-]+$/.test(hostname))
    return undefined;
  let end = tokens.length;
  if (end > 3 && OS_NAME.test(tokens[end - 1] ?? '')) end--;
  let machine: string | undefined;
  // uname -a prints machine, then processor and hardware platform (each only when known), so up to
  // three architecture words end the line; the first of them is the machine.
  let arches = 0;
  while (end > 4 && arches < 3 && ARCH.test(tokens[end - 1] ?? '')) {
    end--;
    arches++;
  }
  if (arches > 0) machine = tokens[end];
  if (machine === 'unknown') machine = undefined;
  // Keep the version's own spacing ("Mon Oct  9"): cut it from the line rather than joining tokens.
  let version: string | undefined;
  if (end > 3) {
    const after = offsetAfterTokens(trimmed, 3);
    const before = offsetAfterTokens(trimmed, end);
    version = trimmed.slice(after, before).trim() || undefined;
  }
  const fields: Fields = { kernelName, hostname, kernelRelease };
  if (version !== undefined) fields.version = version;
  if (machine !== undefined) fields.machine = machine;
  return fields;
}

function offsetAfterTokens(line: string, count: number): number {
  const re = /\S+/g;
  let end = 0;
  for (let i = 0; i < count; i++) {
    const m = re.exec(line);
    if (m === null) break;
    end = m.index + m[0].length;
  }
  return end;
}

/** A kernel's build date as `uname -v` prints it: 'Fri Nov 14 11:33:41 UTC 2025', the zone optional. */
const BUILD_DATE = new RegExp(
  String.raw`\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s+([A-Z][a-z]{2})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+` +
    String.raw`(?:([A-Z]{2,5}|[+-]\d{4})\s+)?(\d{4})\b`,
);

/** The build date inside a kernel version string, as ISO (UTC stamps) or YYYY-MM-DD (other zones). */
export function parseBuildDate(version: string): string | undefined {
  const m = BUILD_DATE.exec(version);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[1] ?? '');
  if (month < 0) return undefined;
  const pad = (n: string | number) => String(n).padStart(2, '0');
  const date = `${m[7]}-${pad(month + 1)}-${pad(m[2] ?? '')}`;
  const zone = m[6];
  // Only UTC stamps can be placed on the timeline; a named local zone (PDT, CET) is ambiguous.
  if (zone === undefined || zone === 'UTC' || zone === 'GMT' || zone === '+0000')
    return `${date}T${m[3]}:${m[4]}:${m[5]}Z`;
  return date;
}
