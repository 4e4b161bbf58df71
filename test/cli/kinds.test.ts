import { describe, expect, it } from 'vitest';
import { parserList } from '../../src/core/parsers/index.ts';
import { evidex } from './run-cli.ts';

describe('evidex kinds', () => {
  it('lists every registered parser with its capture command, as text and as JSON', () => {
    const json = evidex(['kinds', '--json']);
    expect(json.code).toBe(0);
    const kinds = JSON.parse(json.stdout) as Array<{ id: string; command: string; streams: boolean }>;
    expect(kinds.map((k) => k.id)).toEqual(parserList.map((p) => p.id));
    expect(kinds.find((k) => k.id === 'docker-logs')?.streams).toBe(true);
    const text = evidex(['kinds']);
    expect(text.stdout).toContain('docker-compose-ps');
    expect(text.stdout).toContain('docker compose ps -a');
  });
});
