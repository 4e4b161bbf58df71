// The assignment scanner passes over the markers a line already holds (`[REDACTED:kind:fingerprint]`, as the
// line patterns leave them): as a name, as a value and inside. Text that only looks like the start of one
// hides nothing.
import { describe, expect, it } from 'vitest';
import { findAssignmentSecrets } from '../../src/core/redact/assignments.ts';

const values = (line: string) => findAssignmentSecrets(line).map((s) => line.slice(s.start, s.end));
const marker = '[REDACTED:xxxxx-xxxxxx:1234abcd]';

describe('findAssignmentSecrets and markers', () => {
  it('reads on after a value that is already a marker, unquoted or quoted', () => {
    expect(values(`?api_key=${marker}&password=hunter22 token=abcd1234`)).toEqual(['hunter22', 'abcd1234']);
    expect(values(`{"api_key": "${marker}", "password": "hunter22"}`)).toEqual(['hunter22']);
    expect(values(`${marker} ${marker}:${marker} secret=s3cr3t-value`)).toEqual(['s3cr3t-value']);
  });

  it('finds every pair of a line of markers and secrets, however many', () => {
    const line = Array.from({ length: 500 }, (_, i) => `api_key=${marker}&password=pw${i}xyzq`).join(' ');
    expect(values(line)).toEqual(Array.from({ length: 500 }, (_, i) => `pw${i}xyzq`));
  });

  it('treats marker-like text that is not a whole marker as text: nothing after it is hidden', () => {
    for (const fake of [
      '[REDACTED:',
      '[REDACTED:kind',
      '[REDACTED:kind:1234',
      '[REDACTED:Kind:1234abcd]',
      '[REDACTED::1234abcd]',
    ])
      expect(values(`${fake} password=hunter22`), fake).toEqual(['hunter22']);
    expect(values('note: [REDACTED:no-end password: hunter22')).toEqual(['hunter22']);
  });
});
