import { describe, expect, it } from 'vitest';
import { containerDebugLogging } from '../../../src/core/rules/container/debug-logging.ts';
import { evaluateRule, makeAudit, makeContainer } from '../../helpers/audit-builder.ts';
import { sampleFleet, sampleInspect } from './sample-fleet.ts';

describe('container/debug-logging', () => {
  it('reports quantum_backend (QT_LOG_LEVEL=DEBUG, LOG_LEVEL=DEBUG, MODE=prod) in the sample', () => {
    const { reports } = evaluateRule(containerDebugLogging, makeAudit({ containers: sampleFleet() }));
    expect(reports.map((r) => [r.subject, r.priority ?? containerDebugLogging.priority])).toEqual([
      ['container:quantum_backend', 'P3'],
    ]);
    expect(reports[0]?.values).toEqual({
      container: 'quantum_backend',
      QT_LOG_LEVEL: 'DEBUG',
      LOG_LEVEL: 'DEBUG',
      MODE: 'prod',
    });
    expect(reports[0]?.evidence.map((e) => e.pointer)).toEqual([
      '/0/Config/Env/19',
      '/0/Config/Env/32',
      '/0/Config/Env/92',
    ]);
  });

  it('shows only log-level and environment variables, never other env values', () => {
    const { reports } = evaluateRule(containerDebugLogging, makeAudit({ containers: sampleFleet() }));
    const shown = JSON.stringify(reports);
    expect(shown).not.toContain('VAR_');
  });

  it('does not report DEBUG in a container marked as staging, nor INFO in production', () => {
    const staging = makeContainer('stage', {
      inspect: sampleInspect('quantum_backend', {
        name: 'stage',
        env: [
          { name: 'LOG_LEVEL', value: 'debug' },
          { name: 'ENVIRONMENT', value: 'staging' },
        ],
      }),
    });
    const prod = makeContainer('prod', {
      inspect: sampleInspect('quantum_backend', {
        name: 'prod',
        env: [
          { name: 'LOG_LEVEL', value: 'INFO' },
          { name: 'MODE', value: 'prod' },
        ],
      }),
    });
    expect(evaluateRule(containerDebugLogging, makeAudit({ containers: [staging, prod] })).reports).toEqual([]);
  });
});
