import type { EvidenceIssue, FileEntry } from '../../../src/core/model/evidence.ts';

// The evidence problems of evidence/quantum-trader-2025-12-24/raw as the classifier and parsers
// record them: compose_files.txt (0 bytes), redis_slowlog.txt (one newline), inspect_.json ("[]" then
// a docker error on line 2) and redis_streams_lengths.txt (three bare XLEN numbers).

export const SAMPLE_ISSUES: EvidenceIssue[] = [
  { file: 'raw/compose_files.txt', kind: 'empty-capture', message: 'file is empty' },
  { file: 'raw/inspect_.json', kind: 'error-output', message: 'invalid container name or ID: value is empty', line: 2 },
  { file: 'raw/redis_slowlog.txt', kind: 'empty-capture', message: 'file holds only whitespace', line: 1 },
  {
    file: 'raw/redis_streams_lengths.txt',
    kind: 'values-without-keys',
    message: '3 stream lengths (10014, 10013, 1) without key names',
    line: 1,
  },
];

const entry = (path: string, kind: string, bytes: number, lines: number): FileEntry => ({
  path,
  kind,
  bytes,
  lines,
  sha256: '0'.repeat(64),
});

export const SAMPLE_FILES: FileEntry[] = [
  entry('raw/compose_files.txt', 'empty', 0, 0),
  entry('raw/docker_ps.txt', 'docker-ps', 4147, 34),
  entry('raw/inspect_.json', 'unrecognised', 48, 2),
  entry('raw/inspect_quantum_redis.json', 'docker-inspect', 11924, 317),
  entry('raw/redis_slowlog.txt', 'empty', 1, 1),
  entry('raw/redis_streams_lengths.txt', 'redis-xlen', 14, 3),
  entry('raw/system_context.txt', 'uname+lsb-release+uptime+free+df+docker-version', 6197, 91),
];
