import type { Container } from '../../model/container.ts';
import type { HealthDependency } from '../../model/health.ts';
import { defineRule } from '../define-rule.ts';

const OK = /^(ok|up|healthy|pass|passing|green|connected|available|ready|true|running|active)$/i;
const DOWN =
  /^(down|error|err|fail|failed|failing|unhealthy|critical|unavailable|disconnected|red|false|dead|timeout)$/i;
const DEGRADED = /^(degraded|warn|warning|yellow|slow|partial)$/i;
const GENERIC = new Set(['service', 'svc', 'api', 'client', 'server', 'quantum']);

/** A dependency that a health endpoint reports as not OK, or does not verify at all. */
export const healthDegradedDependency = defineRule({
  id: 'health/degraded-dependency',
  title: 'Health check dependency not OK',
  priority: 'P3',
  category: 'availability',
  description:
    "Reports dependencies listed in a health body whose status is not OK/up/healthy/pass: 'down'/'error' → " +
    "P1, 'degraded' → P2, anything else ('N/A', 'unknown', 'pending') → P3 as not verified.",
  fix:
    'Make the dependency check real and passing: fix the connection or finish the integration, and have the ' +
    "endpoint report 'degraded' rather than 'OK' while a dependency is missing.",
  messages: {
    dependency: "{{service}}: dependency {{dependency}} is '{{status}}'",
    dependencyDetail: "{{service}}: dependency {{dependency}} is '{{status}}' ({{detail}})",
    down: '{{service}} reports that it cannot use {{dependency}}: the features that need it are failing.',
    degraded: '{{service}} reports {{dependency}} as degraded: it works, but slowly or partly.',
    unverified: [
      "{{service}} does not verify {{dependency}} at all ('{{status}}'): the dependency may be missing from the",
      'request path, and its failures would not show up here.',
    ],
    detail: 'The body says: "{{detail}}".',
    container: 'A container that looks like this dependency, {{container}}, is {{containerState}}.',
    containerUnused: [
      'A container that looks like this dependency, {{container}}, is {{containerState}}: the service exists, but this',
      'check does not use it.',
    ],
    overall: [
      "The endpoint's overall status is still '{{overall}}', so monitors that read only the top-level status see a",
      'healthy service.',
    ],
  },
  requires: ['health'],
  uses: ['containers'],
  defaults: {},
  evaluate(ctx) {
    for (const h of ctx.facts.health) {
      for (const d of h.dependencies) {
        const status = d.status.trim();
        ctx.note(`${h.name}: dependency ${d.name} status '${d.status}' (threshold: ok/up/healthy/pass)`);
        if (OK.test(status)) continue;
        const down = DOWN.test(status);
        const degraded = DEGRADED.test(status);
        const match = findContainer(d, ctx.facts.containers ?? []);
        const values: Record<string, string> = { service: h.name, dependency: d.name, status: d.status };
        if (d.detail !== undefined) values['detail'] = d.detail;
        if (match !== undefined) values['dependencyContainer'] = match.name;
        const unused = match?.state === 'running' && !down;
        const containerText = match !== undefined && (unused ? 'containerUnused' : 'container');
        ctx.report({
          subject: `health:${h.name}/dependency:${d.name}`,
          messageId: d.detail !== undefined ? 'dependencyDetail' : 'dependency',
          explain: [
            down ? 'down' : degraded ? 'degraded' : 'unverified',
            d.detail !== undefined && 'detail',
            containerText,
            !down && h.status !== undefined && 'overall',
          ],
          data: {
            service: h.name,
            dependency: d.name,
            status: d.status,
            detail: d.detail ?? '',
            container: match?.name ?? '',
            // The container's state words from the model: 'running (healthy)'.
            containerState:
              match === undefined ? '' : match.health !== 'none' ? `${match.state} (${match.health})` : match.state,
            overall: h.status ?? '',
          },
          priority: down ? 'P1' : degraded ? 'P2' : 'P3',
          observed: d.status,
          threshold: 'OK',
          values,
          evidence: [h.evidence],
        });
      }
    }
  },
});

/** The running container a dependency name refers to, when exactly one matches its tokens. */
function findContainer(d: HealthDependency, containers: readonly Container[]): Container | undefined {
  const want = tokens(d.name).filter((t) => !GENERIC.has(t));
  if (want.length === 0) return undefined;
  const hits = containers.filter((c) => {
    const have = new Set(tokens(c.name));
    return want.every((t) => have.has(t));
  });
  return hits.length === 1 ? hits[0] : undefined;
}

function tokens(s: string): string[] {
  return s
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}
