import type { EvidenceRef } from '../../model/evidence.ts';
import type { Priority } from '../../model/finding.ts';
import type { StreamEntry } from '../../model/redis.ts';
import { defineRule } from '../define-rule.ts';

type Scalar = string | number | boolean | null;

/** A field of a stream entry, top level or inside a JSON payload ('payload.regime'). */
interface FieldValue {
  path: string;
  /** The field's own name, last path part: what options key on. */
  leaf: string;
  value: Scalar;
  /** Index of the entry's top-level field that holds it: its line, see {@link valueRef}. */
  index: number;
}

/**
 * Line of a top-level field's value. XRANGE prints the id, then field and value on alternate lines
 * (raw and tty alike); when the entry's range does not match that layout, cite the whole entry.
 */
function valueRef(entry: StreamEntry, index: number): EvidenceRef {
  const { startLine, endLine } = entry.evidence;
  const count = Object.keys(entry.fields).length;
  if (startLine === undefined || endLine !== startLine + 2 * count) return entry.evidence;
  const line = startLine + 2 + 2 * index;
  return { ...entry.evidence, startLine: line, endLine: line };
}

function flatten(prefix: string, value: unknown, index: number, out: FieldValue[], depth: number): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && depth < 3) {
    for (const [k, v] of Object.entries(value)) flatten(`${prefix}.${k}`, v, index, out, depth + 1);
    return;
  }
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    out.push({ path: prefix, leaf: prefix.split('.').pop() ?? prefix, value, index });
  }
}

/** Every scalar field of an entry; JSON object values are opened so their fields are judged too. */
function fieldsOf(entry: StreamEntry): FieldValue[] {
  const out: FieldValue[] = [];
  Object.entries(entry.fields).forEach(([name, raw], i) => {
    const text = raw.trim();
    if (text.startsWith('{')) {
      try {
        flatten(name, JSON.parse(text), i, out, 1);
        return;
      } catch {
        // Not JSON after all: judge it as a string.
      }
    }
    const asNumber = text !== '' && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
    out.push({ path: name, leaf: name, value: asNumber ?? raw, index: i });
  });
  return out;
}

/** A field of the first entry, followed through the others. */
interface Candidate {
  field: FieldValue;
  /** Whether every entry so far holds the field at the first entry's value. */
  same: boolean;
  /** Where each entry so far shows it; only for a default value, the only one reported. */
  evidence: EvidenceRef[] | undefined;
}

/**
 * Follow each field of the first entry through every entry, opening one entry at a time (20,000 sampled
 * entries, each with its payload parsed, are not all held at once). An entry's field is the first of
 * its fields with that path.
 */
function followFields(samples: readonly StreamEntry[], isDefault: (f: FieldValue) => boolean): Candidate[] {
  const first = samples[0];
  if (!first) return [];
  const candidates: Candidate[] = fieldsOf(first).map((field) => ({
    field,
    same: true,
    evidence: isDefault(field) ? [] : undefined,
  }));
  for (const entry of samples) {
    if (!candidates.some((c) => c.same)) break;
    const byPath = new Map<string, FieldValue>();
    for (const f of fieldsOf(entry)) if (!byPath.has(f.path)) byPath.set(f.path, f);
    for (const c of candidates) {
      if (!c.same) continue;
      const f = byPath.get(c.field.path);
      if (f === undefined || f.value !== c.field.value) c.same = false;
      else c.evidence?.push(valueRef(entry, f.index));
    }
  }
  return candidates;
}

/** Stream fields that hold the same placeholder (unknown, 0, leverage 1) in every sampled entry. */
export const payloadDefaultValues = defineRule({
  id: 'stream/payload-default-values',
  title: 'Stream field stuck at a default value',
  priority: 'P2',
  category: 'data-flow',
  description:
    "Reports fields (JSON payload fields included) that hold a default — 'unknown', 'none', 'null', '', 0, " +
    'leverage 1 — in every one of ≥ 3 sampled entries.',
  fix:
    'Trace the field back to the producer: find where it is computed, why it falls back to the default ' +
    '(missing input, failed lookup, feature not wired), and fail loudly instead of publishing a placeholder.',
  messages: {
    stuck: '{{field}} is {{shown}} in all {{samples}} sampled entries of {{stream}}',
    placeholder: [
      'Every sampled entry carries {{field}} = {{shown}}, a placeholder rather than a computed value. A field that',
      'never changes usually means the producer never fills it in (an input missing, a lookup failing silently, a',
      'feature not wired), and every consumer acts on the placeholder as if it were real.',
    ],
    withinASecond: [
      'The samples were written within a second of each other, so a wider sample would make this stronger.',
    ],
    within: [
      'The samples were written within {{span:duration}} of each other, so a wider sample would make this stronger.',
    ],
    span: 'The samples span {{span:duration}}.',
  },
  requires: ['samples'],
  defaults: {
    minSamples: 3,
    defaultStrings: ['unknown', 'none', 'null', 'n/a', ''],
    /** Per field name, the number that means "not set" besides 0. */
    numberDefaults: { leverage: 1 } as Record<string, number>,
    fieldPriorities: { regime: 'P1', leverage: 'P2', funding_rate: 'P3', exchange_divergence: 'P3' } as Record<
      string,
      Priority
    >,
  },
  evaluate(ctx) {
    const { minSamples, defaultStrings, numberDefaults, fieldPriorities } = ctx.options;
    const strings = new Set(defaultStrings.map((s) => s.toLowerCase()));
    const isDefault = (leaf: string, v: Scalar): boolean =>
      v === null ||
      (typeof v === 'string' && strings.has(v.trim().toLowerCase())) ||
      (typeof v === 'number' && (v === 0 || numberDefaults[leaf] === v));

    for (const stream of ctx.facts.samples) {
      const samples = stream.samples;
      if (samples.length < minSamples) {
        if (samples.length > 0)
          ctx.note(`stream:${stream.key}: ${samples.length} sample(s), fewer than ${minSamples}: not judged`);
        continue;
      }
      const span = (Date.parse(samples[samples.length - 1]?.at ?? '') - Date.parse(samples[0]?.at ?? '')) / 1000;
      for (const { field, same, evidence } of followFields(samples, (f) => isDefault(f.leaf, f.value))) {
        if (!same) continue;
        const shown = typeof field.value === 'string' ? `'${field.value}'` : String(field.value);
        if (!evidence) {
          ctx.note(
            `stream:${stream.key}/field:${field.path}: ${shown} in all ${samples.length} samples (constant, ` +
              'not a default)',
          );
          continue;
        }
        ctx.note(`stream:${stream.key}/field:${field.path}: ${shown} in all ${samples.length} samples (default value)`);
        const spanText = Number.isFinite(span) && (span < 1 ? 'withinASecond' : span < 60 ? 'within' : 'span');
        ctx.report({
          subject: `stream:${stream.key}/field:${field.path}`,
          messageId: 'stuck',
          explain: ['placeholder', spanText],
          data: {
            field: field.path,
            shown,
            samples: samples.length,
            stream: stream.key,
            span: Number.isFinite(span) ? span : 0,
          },
          priority: fieldPriorities[field.leaf] ?? ctx.priority,
          observed: field.value === null ? 'null' : field.value,
          threshold: `not a default in all ${samples.length} samples`,
          values: {
            stream: stream.key,
            field: field.path,
            value: field.value === null ? 'null' : field.value,
            samples: samples.length,
          },
          evidence,
          // A fix to the producer cannot show downstream while this stream's consumers are stalled.
          links: stream.groups.map((g) => ({
            type: 'blocked-by' as const,
            ruleId: 'stream/consumer-group-lag',
            subject: `stream:${stream.key}/group:${g.name}`,
          })),
        });
      }
    }
  },
});
