import { describe, expect, it } from 'vitest';
import { containerServiceUrlMismatch } from '../../../src/core/rules/container/service-url-mismatch.ts';
import { evaluateRule } from '../../helpers/audit-builder.ts';
import { SAMPLE, SHOP_FAULTS, auditOf } from '../../helpers/issue11-audits.ts';

describe('container/service-url-mismatch', () => {
  it(
    'reports shop_worker (localhost while shop_redis serves Redis, citing its ' +
      'refused connections) and shop_notify (differs from every sibling)',
    async () => {
      const r = evaluateRule(containerServiceUrlMismatch, await auditOf(SHOP_FAULTS));
      const found = r.reports.map((x) => [x.subject, x.messageId, x.priority ?? containerServiceUrlMismatch.priority]);
      expect(found.sort()).toEqual([
        ['container:shop_notify/env:REDIS_URL', 'differs', 'P2'],
        ['container:shop_worker/env:REDIS_URL', 'loopback', 'P1'],
      ]);
      const worker = r.reports.find((x) => x.subject === 'container:shop_worker/env:REDIS_URL');
      expect(worker?.title).toBe(
        'shop_worker has REDIS_URL=redis://localhost:6379/0: localhost inside the container, but shop_redis serves it',
      );
      expect(worker?.values?.['refusedLines']).toBe(3);
      expect(worker?.explanation).toContain('Connection refused');
      // Cites the variable and the log lines.
      expect(worker?.evidence.map((e) => e.pointer ?? `${e.file}:${e.startLine}`)).toEqual([
        '/0/Config/Env/0',
        'raw/logs_tail_shop_worker.txt:2',
      ]);
    },
  );

  it(
    'stays quiet on the sample: REDIS_HOST=redis and ' + '=quantum_redis are the same container (network alias)',
    async () => {
      const r = evaluateRule(containerServiceUrlMismatch, await auditOf(SAMPLE));
      expect(r.reports).toEqual([]);
      expect(r.notes).toContain(
        'quantum_backend: REDIS_HOST → container:quantum_redis; siblings 3 → container:quantum_redis',
      );
    },
  );
});
