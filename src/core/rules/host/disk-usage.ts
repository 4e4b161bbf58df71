import type { Disk } from '../../model/host.ts';
import { defineRule } from '../define-rule.ts';

// Pseudo and per-container filesystems: they mirror a real disk (overlay) or are RAM (tmpfs).
const VIRTUAL_FS =
  /^(tmpfs|devtmpfs|overlay|overlayfs|efivarfs|squashfs|shm|proc|sysfs|cgroup2?|nsfs|udev|none|devpts|mqueue|fuse\..*)$/i;
const VIRTUAL_MOUNT = /^\/(proc|sys|dev|run|snap)(\/|$)|^\/var\/lib\/(docker|containerd)\//;

/** Real filesystems filling up. */
export const hostDiskUsage = defineRule({
  id: 'host/disk-usage',
  title: 'Disk filling up',
  priority: 'P2',
  category: 'capacity',
  description:
    'Reports real mounts (not tmpfs, overlay, efivarfs, squashfs or container mounts) at 70% used or more: P2, P1 from 85%, P0 from 95%.',
  fix: 'Find what grows (`du -xh / | sort -h | tail`, `docker system df`), prune old images and build cache (`docker image prune -a`, `docker builder prune`), rotate logs (json-file max-size), or grow the volume.',
  messages: {
    full: '{{mount}} is {{usePercent}}% full: {{usedBytes:bytes}} of {{sizeBytes:bytes}}, {{availBytes:bytes}} free',
    left: '{{filesystem}} mounted on {{mount}} has {{availBytes:bytes}} left ({{freePercent}}%).',
    rootHoldsDocker: [
      'This is the root filesystem, which on a default install also holds /var/lib/docker: images, container layers,',
      'volumes (Redis and Postgres data) and container logs.',
    ],
    whyItMatters: [
      'When a filesystem fills, writes fail: databases stop accepting data or crash, Redis cannot save its snapshot,',
      'and logs are lost. Growth from images and logs is steady, so the remaining room is a countdown.',
    ],
  },
  requires: ['disks'],
  defaults: { warnPercent: 70, highPercent: 85, criticalPercent: 95 },
  evaluate(ctx) {
    const { warnPercent, highPercent, criticalPercent } = ctx.options;
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
        `mount ${d.mount} (${d.filesystem}): ${d.usePercent}% used (threshold: ≥ ${warnPercent}%, P1 ≥ ${highPercent}%, P0 ≥ ${criticalPercent}%)`,
      );
      if (d.usePercent < warnPercent) continue;
      const priority = d.usePercent >= criticalPercent ? 'P0' : d.usePercent >= highPercent ? 'P1' : 'P2';
      ctx.report({
        subject: `mount:${d.mount}`,
        messageId: 'full',
        explain: ['left', d.mount === '/' && 'rootHoldsDocker', 'whyItMatters'],
        data: { ...pick(d), freePercent: 100 - d.usePercent },
        priority,
        observed: d.usePercent,
        threshold: priority === 'P0' ? criticalPercent : priority === 'P1' ? highPercent : warnPercent,
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
