import type { Disk, Host, HostMemory } from '../../../src/core/model/host.ts';

// Host facts of evidence/quantum-trader-2025-12-24/raw/system_context.txt, as the free/df/uptime
// parsers give them (free -h values are binary units, rounded).

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** `Mem: 15Gi 12Gi 525Mi 21Mi 2.6Gi 2.8Gi` / `Swap: 0B 0B 0B` (lines 10-12). */
export function sampleMemory(parts: Partial<HostMemory> = {}): HostMemory {
  return {
    totalBytes: 15 * GiB,
    usedBytes: 12 * GiB,
    freeBytes: 525 * MiB,
    sharedBytes: 21 * MiB,
    buffCacheBytes: 2.6 * GiB,
    availableBytes: 2.8 * GiB,
    swapTotalBytes: 0,
    swapUsedBytes: 0,
    precision: 'rounded',
    evidence: { file: 'raw/system_context.txt', startLine: 10, endLine: 12 },
    ...parts,
  };
}

// df -h prints powers of 1024 too.
const G = 1024 ** 3;
const disk = (
  filesystem: string,
  mount: string,
  size: number,
  used: number,
  avail: number,
  pct: number,
  line: number,
): Disk => ({
  filesystem,
  mount,
  sizeBytes: size,
  usedBytes: used,
  availBytes: avail,
  usePercent: pct,
  evidence: { file: 'raw/system_context.txt', startLine: line, endLine: line },
});

/** The df section (line 14 is the header): real disks, tmpfs, efivarfs and overlay duplicates. */
export function sampleDisks(): Disk[] {
  return [
    disk('tmpfs', '/run', 1.6 * G, 3.9e6, 1.6 * G, 1, 15),
    disk('efivarfs', '/sys/firmware/efi/efivars', 256e3, 112e3, 140e3, 45, 16),
    disk('/dev/sda1', '/', 150 * G, 106 * G, 39 * G, 74, 17),
    disk('tmpfs', '/dev/shm', 7.7 * G, 0, 7.7 * G, 0, 18),
    disk('tmpfs', '/run/lock', 5e6, 0, 5e6, 0, 19),
    disk('/dev/sda15', '/boot/efi', 253e6, 146e3, 252e6, 1, 20),
    disk(
      'overlay',
      '/var/lib/docker/rootfs/overlayfs/97de3ee445a3652fa5186ea0f282d05dded7f7cc7c6de0c40b46675e882fafbc',
      150 * G,
      106 * G,
      39 * G,
      74,
      21,
    ),
    disk(
      'overlay',
      '/var/lib/docker/rootfs/overlayfs/d938b110c6513221c42e71fb74febe1d9cbc082e1e3efc34ddb2617bce9c2f42',
      150 * G,
      106 * G,
      39 * G,
      74,
      22,
    ),
    disk('tmpfs', '/run/user/0', 1.6 * G, 12e3, 1.6 * G, 1, 54),
  ];
}

/** The whole host part of the sample audit. */
export function sampleHost(parts: Partial<Host> = {}): Host {
  return {
    hostname: 'quantumtrader-prod-1',
    kernel: '6.8.0-88-generic',
    os: 'Ubuntu 24.04.3 LTS',
    uptimeSeconds: 6 * 86400 + 12 * 3600 + 34 * 60,
    load: [0.28, 0.36, 0.52],
    clock: '04:55:13',
    uptimeEvidence: { file: 'raw/system_context.txt', startLine: 8, endLine: 8 },
    memory: sampleMemory(),
    disks: sampleDisks(),
    evidence: [
      { file: 'raw/system_context.txt', startLine: 1, endLine: 1 },
      { file: 'raw/system_context.txt', startLine: 3, endLine: 6 },
      { file: 'raw/system_context.txt', startLine: 8, endLine: 8 },
    ],
    ...parts,
  };
}
