import { defineRule } from '../define-rule.ts';

/** A health endpoint that did not answer healthy. */
export const healthEndpointNotOk = defineRule({
  id: 'health/endpoint-not-ok',
  title: 'Health endpoint not OK',
  priority: 'P1',
  category: 'availability',
  description:
    'Reports captured health checks that failed: body status not OK, HTTP status 400 or above, or no response. P0 for HTTP 5xx or an unreachable endpoint.',
  fix: "Call the endpoint by hand (`curl -sv <url>`), read the service's logs for the failing check, and fix the dependency or the service it names.",
  requires: ['health'],
  defaults: {},
  evaluate(ctx) {
    for (const h of ctx.facts.health) {
      const unreachable = h.httpStatus === 0 || (!h.ok && h.httpStatus === undefined && h.status === undefined && h.body === undefined);
      const httpBad = h.httpStatus !== undefined && h.httpStatus >= 400;
      ctx.note(`${h.name}: ok ${h.ok}, HTTP ${h.httpStatus ?? 'n/a'}, status ${h.status ?? 'n/a'} (threshold: ok, HTTP < 400)`);
      if (h.ok && !httpBad && !unreachable) continue;

      const severe = unreachable || (h.httpStatus !== undefined && h.httpStatus >= 500);
      const who = h.container !== undefined ? `${h.name} (container ${h.container})` : h.name;
      const what = unreachable
        ? 'did not answer at all (connection refused, timeout or DNS failure)'
        : httpBad
          ? `answered HTTP ${h.httpStatus}${h.status !== undefined ? ` with status '${h.status}'` : ''}`
          : `answered with status '${h.status ?? 'unknown'}' instead of OK`;
      const values: Record<string, string | number | boolean> = { service: h.name, ok: h.ok, unreachable };
      if (h.httpStatus !== undefined) values['httpStatus'] = h.httpStatus;
      if (h.status !== undefined) values['status'] = h.status;
      if (h.url !== undefined) values['url'] = h.url;
      if (h.container !== undefined) values['container'] = h.container;
      ctx.report({
        subject: `health:${h.name}`,
        title: `${h.name} health check ${unreachable ? 'unreachable' : httpBad ? `returned HTTP ${h.httpStatus}` : `reports '${h.status ?? 'not ok'}'`}`,
        explanation:
          `The health endpoint of ${who} ${what}. ` +
          (severe
            ? 'The service is down or failing for every caller: anything that depends on it is failing too.'
            : 'The service is up but reports itself unhealthy, so some of its work is likely failing or degraded.') +
          (h.dependencies.length > 0 ? ` Its dependency checks are listed in the body: ${h.dependencies.map((d) => `${d.name}=${d.status}`).join(', ')}.` : ''),
        priority: severe ? 'P0' : 'P1',
        observed: unreachable ? 'unreachable' : (h.httpStatus ?? h.status ?? 'not ok'),
        threshold: 'HTTP 2xx and status OK',
        values,
        evidence: [h.evidence],
      });
    }
  },
});
