import type { Disk } from '../../model/host.ts';
import { defineRule } from '../define-rule.ts';

// Pseudo and per-container filesystems: they mirror a real disk (overlay) or are RAM (tmpfs).
const VIRTUAL_FS = new RegExp(
  '^(' +
    [
      'tmpfs',
      'devtmpfs',
      'overlay',
      'overlayfs',
      'efivarfs',
      'squashfs',
      'shm',
      'proc',
      'sysfs',
      'cgroup2?',
      'nsfs',
      'udev',
      'none',
      'devpts',
      'mqueue',
      'fuse\\..*',
    ].join('|') +
    ')$',
  'i',
);
const VIRTUAL_MOUNT = /^\/(proc|sys|dev|run|snap)(\/|$)|^\/var\/lib\/(docker|containerd)\//;

/** Real filesystems filling up. */
export const hostDiskUsage = defineRule({
  id: 'host/disk-usage',
  title: 'Disk filling up',
  priority: 'P2',
  category: 'capacity',
  description:
    'Reports real mounts (not tmpfs, overlay, efivarfs, squashfs or container mounts) at 70% used or more: ' +
    'P2, P1 from 85%, P0 from 95%. A value within 5 points of its line with 10 GiB or more still free is one ' +
    'step lower (P3 at 70–74%): one capture shows no growth, and a line just crossed is not yet the next ' +
    'problem.',
  fix:
    'Find what grows (`du -xh / | sort -h | tail`, `docker system df`), prune old images and build cache ' +
    '(`docker image prune -a`, `docker builder prune`), rotate logs (json-file max-size), or grow the volume.',
  messages: {
    full: '{{mount}} is {{usePercent}}% full: {{usedBytes:bytes}} of {{sizeBytes:bytes}}, {{availBytes:bytes}} free',
    left: '{{filesystem}} mounted on {{mount}} has {{availBytes:bytes}} left ({{freePercent}}%).',
    rootHoldsDocker: [
      'This is the root filesystem, which on a default install also holds /var/lib/docker: images, container layers,',
      'volumes (Redis and Postgres data) and container logs.',
    ],
    nearLine: [
      'That is within {{marginPoints}} points of the {{line}}% line with {{availBytes:bytes}} still free, and one',
      'capture shows no growth, so it is graded one step lower ({{priority}}); compare with the next capture to see',
      'whether it grows.',
    ],
    whyItMatters: [
      'When a filesystem fills, writes fail: databases stop accepting data or crash, Redis cannot save its snapshot,',
      'and logs are lost. Growth from images and logs is steady, so the remaining room is a countdown.',
    ],
  },
  requires: ['disks'],
  defaults: { warnPercent: 70, highPercent: 85, criticalPercent: 95, marginPoints: 5, marginFreeBytes: 10 * 2 ** 30 },
  evaluate(ctx) {
    const { warnPercent, highPercent, criticalPercent, marginPoints, marginFreeBytes } = ctx.options;
    const seen = new Set<string>();
    for (const d of ctx.facts.disks) {
      if (VIRTUAL_FS.test(d.filesystem) || VIRTUAL_MOUNT.test(d.mount)) {
        ctx.note(`mount ${d.mount} (${d.filesystem}): skipped, virtual or container filesystem`);
        continue;
      }
      // Bind mounts of one device show the same numbers: judge the device once.
      if (seen.has(d.filesystem)) {
        ctx.note(`mount ${d.mount} (${d.filesystem}): skipped, same device as an earlier mount`);
        continue;
      }
      seen.add(d.filesystem);
      ctx.note(
        `mount ${d.mount} (${d.filesystem}): ${d.usePercent}% used (threshold: ≥ ${warnPercent}%, P1 ≥ ` +
          `${highPercent}%, P0 ≥ ${criticalPercent}%)`,
      );
      if (d.usePercent < warnPercent) continue;
      const tier = d.usePercent >= criticalPercent ? 0 : d.usePercent >= highPercent ? 1 : 2;
      const line = [criticalPercent, highPercent, warnPercent][tier] ?? warnPercent;
      // Just over the line with room left: one step lower. Without a trend (one capture) it is not 'rising'.
      const near = d.usePercent < line + marginPoints && d.availBytes >= marginFreeBytes;
      const priority = (['P0', 'P1', 'P2', 'P3'] as const)[tier + (near ? 1 : 0)] ?? 'P3';
      if (near)
        ctx.note(
          `mount ${d.mount}: ${d.usePercent}% is within ${marginPoints} points of ${line}% with ` +
            `${d.availBytes} bytes free (≥ ${marginFreeBytes}): ${priority}`,
        );
      ctx.report({
        subject: `mount:${d.mount}`,
        messageId: 'full',
        explain: ['left', d.mount === '/' && 'rootHoldsDocker', near && 'nearLine', 'whyItMatters'],
        data: { ...pick(d), freePercent: 100 - d.usePercent, marginPoints, line, priority },
        priority,
        observed: d.usePercent,
        threshold: line,
        values: pick(d),
        evidence: [d.evidence],
      });
    }
  },
});

/** The disk's figures: its `values`, and the data of its messages. */
function pick(d: Disk): Pick<Disk, 'mount' | 'filesystem' | 'usePercent' | 'usedBytes' | 'sizeBytes' | 'availBytes'> {
  return {
    mount: d.mount,
    filesystem: d.filesystem,
    usePercent: d.usePercent,
    usedBytes: d.usedBytes,
    sizeBytes: d.sizeBytes,
    availBytes: d.availBytes,
  };
}
