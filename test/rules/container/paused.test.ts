import { describe, expect, it } from 'vitest';
import { containerPaused } from '../../../src/core/rules/container/paused.ts';
import { evaluateRule } from '../../helpers/audit-builder.ts';
import { SAMPLE, SHOP_FAULTS, auditOf, auditOfFiles } from '../../helpers/issue11-audits.ts';

const subjects = (r: { reports: Array<{ subject: string; priority?: string }> }) =>
  r.reports.map((x) => [x.subject, x.priority ?? containerPaused.priority]);

describe('container/paused', () => {
  it('reports the paused shop_mailer (docker pause), at P3: it consumes nothing', async () => {
    const r = evaluateRule(containerPaused, await auditOf(SHOP_FAULTS));
    expect(subjects(r)).toEqual([['container:shop_mailer', 'P3']]);
    expect(r.reports[0]?.title).toBe('shop_mailer is paused');
    expect(r.reports[0]?.evidence.map((e) => e.pointer ?? e.file)).toContain('/0/State/Paused');
  });

  it(
    'reports ev_paused from docker ps "(Paused)" + inspect State.Paused ' +
      '(the docker fixtures), P2 once it consumes a stream',
    async () => {
      const a = await auditOfFiles({
        'raw/docker_ps.txt': 'test/fixtures/docker-ps/ps-a-states.txt',
        'raw/inspect_all.json': 'test/fixtures/docker-inspect/inspect-states.json',
      });
      expect(subjects(evaluateRule(containerPaused, a))).toEqual([['container:ev_paused', 'P3']]);
      const owned = {
        ...a,
        redis: {
          ...a.redis,
          streams: [
            {
              key: 'media:uploads',
              groups: [
                {
                  name: 'thumbnailer',
                  consumers: 1,
                  pending: 0,
                  lastDeliveredId: '0-0',
                  owner: {
                    container: 'ev_paused',
                    via: 'environment' as const,
                    detail: 'CONSUMER_GROUP=thumbnailer',
                    evidence: [],
                  },
                  evidence: { file: 'raw/groups.txt' },
                },
              ],
              samples: [],
              evidence: [],
            },
          ],
        },
      };
      const r = evaluateRule(containerPaused, owned);
      expect(subjects(r)).toEqual([['container:ev_paused', 'P2']]);
      expect(r.reports[0]?.title).toBe('ev_paused is paused while it consumes group thumbnailer on media:uploads');
    },
  );

  it('reports nothing on the sample (every container running)', async () => {
    expect(evaluateRule(containerPaused, await auditOf(SAMPLE)).reports).toEqual([]);
  });
});
