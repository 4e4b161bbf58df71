import { parseDocument } from 'yaml';
import { z } from 'zod';
import { Topology } from '../flow/topology.ts';
import { Priority } from '../model/finding.ts';
import type { AnyRule } from './define-rule.ts';
import { rules as registry } from './index.ts';

// evidex.config.yaml (or .json: YAML is a superset of JSON). Strict: a misspelt key is an error,
// not a silently ignored setting, because a config that does nothing is worse than none.

const RuleOverride = z.union([
  z.literal('off'),
  z.strictObject({
    enabled: z.boolean().optional(),
    priority: Priority.optional(),
    options: z.record(z.string(), z.unknown()).optional(),
  }),
]);
export type RuleOverride = z.infer<typeof RuleOverride>;

const Acceptance = z
  .strictObject({
    fingerprint: z
      .string()
      .regex(/^v\d+:[0-9a-f]+$/, "expected a fingerprint like 'v1:0123abcd…'")
      .optional(),
    rule: z.string().optional(),
    subject: z.string().optional(),
    reason: z.string().min(1, 'a reason is required'),
    expires: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
      .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a real date')
      .optional(),
  })
  .refine(
    (a) => a.fingerprint !== undefined || a.rule !== undefined,
    'give a fingerprint or a rule (optionally with a subject)',
  );
export type Acceptance = z.infer<typeof Acceptance>;

/** The configuration file's schema. */
export const EvidexConfig = z.strictObject({
  rules: z.record(z.string(), RuleOverride).optional(),
  accept: z.array(Acceptance).optional(),
  /** Same schema as a content/topology/<host>.yaml file. */
  topology: Topology.optional(),
});
export type EvidexConfig = z.infer<typeof EvidexConfig>;

export type ParseConfigResult = { ok: true; config: EvidexConfig } | { ok: false; errors: string[] };

const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Errors for one rule override: the id must exist and each option must be a known key of the default's type. */
function checkOverride(id: string, override: RuleOverride, known: ReadonlyMap<string, AnyRule>): string[] {
  const rule = known.get(id);
  if (!rule) return [`rules.${id}: unknown rule id (run 'evidex rules' to list them)`];
  if (override === 'off' || override.options === undefined) return [];
  const errors: string[] = [];
  for (const [key, value] of Object.entries(override.options)) {
    if (!Object.hasOwn(rule.defaults, key)) {
      const keys = Object.keys(rule.defaults);
      errors.push(
        `rules.${id}.options.${key}: unknown option ` +
          `(${keys.length > 0 ? `known: ${keys.join(', ')}` : 'this rule has no options'})`,
      );
      continue;
    }
    const want = kindOf(rule.defaults[key]);
    const got = kindOf(value);
    if (want !== got) errors.push(`rules.${id}.options.${key}: expected ${want}, got ${got}`);
  }
  return errors;
}

/** Parse and validate configuration text; every error names the file and the key path. */
export function parseConfig(text: string, file: string, rules: readonly AnyRule[] = registry): ParseConfigResult {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length;
    return { ok: false, errors: doc.errors.map((e) => `${file}:${lineOf(e.pos[0])}: ${e.message.split('\n')[0]}`) };
  }
  const data: unknown = doc.toJS() ?? {};
  const parsed = EvidexConfig.safeParse(data);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => {
        const path = i.path.map(String).join('.');
        const keys = i.code === 'unrecognized_keys' ? `: unknown key(s) ${i.keys.join(', ')}` : `: ${i.message}`;
        return `${file}: ${path === '' ? '(top level)' : path}${keys}`;
      }),
    };
  }
  const known = new Map(rules.map((r) => [r.id, r]));
  const errors: string[] = [];
  for (const [id, override] of Object.entries(parsed.data.rules ?? {}))
    errors.push(...checkOverride(id, override, known));
  parsed.data.accept?.forEach((a, i) => {
    if (a.rule !== undefined && !known.has(a.rule) && a.rule !== 'manual')
      errors.push(`accept.${i}.rule: unknown rule id '${a.rule}'`);
  });
  if (errors.length > 0) return { ok: false, errors: errors.map((e) => `${file}: ${e}`) };
  return { ok: true, config: parsed.data };
}
