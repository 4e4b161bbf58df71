import { defineRule } from '../define-rule.ts';

/** A health endpoint that did not answer healthy. */
export const healthEndpointNotOk = defineRule({
  id: 'health/endpoint-not-ok',
  title: 'Health endpoint not OK',
  priority: 'P1',
  category: 'availability',
  description:
    'Reports captured health checks that failed: body status not OK, HTTP status 400 or above, or no ' +
    'response. P0 for HTTP 5xx or an unreachable endpoint.',
  fix:
    "Call the endpoint by hand (`curl -sv <url>`), read the service's logs for the failing check, and fix the " +
    'dependency or the service it names.',
  messages: {
    unreachable: '{{service}} health check unreachable',
    httpStatus: '{{service}} health check returned HTTP {{httpStatus}}',
    status: "{{service}} health check reports '{{reported}}'",
    noAnswer: 'The health endpoint of {{who}} did not answer at all (connection refused, timeout or DNS failure).',
    answeredHttp: 'The health endpoint of {{who}} answered HTTP {{httpStatus}}.',
    answeredHttpStatus: "The health endpoint of {{who}} answered HTTP {{httpStatus}} with status '{{status}}'.",
    answeredStatus: "The health endpoint of {{who}} answered with status '{{status}}' instead of OK.",
    down: 'The service is down or failing for every caller: anything that depends on it is failing too.',
    unhealthy: 'The service is up but reports itself unhealthy, so some of its work is likely failing or degraded.',
    dependencies: 'Its dependency checks are listed in the body: {{dependencies}}.',
  },
  requires: ['health'],
  defaults: {},
  evaluate(ctx) {
    for (const h of ctx.facts.health) {
      const unreachable =
        h.httpStatus === 0 || (!h.ok && h.httpStatus === undefined && h.status === undefined && h.body === undefined);
      const httpBad = h.httpStatus !== undefined && h.httpStatus >= 400;
      ctx.note(
        `${h.name}: ok ${h.ok}, HTTP ${h.httpStatus ?? 'n/a'}, status ${h.status ?? 'n/a'} (threshold: ok, HTTP < 400)`,
      );
      if (h.ok && !httpBad && !unreachable) continue;

      const severe = unreachable || (h.httpStatus !== undefined && h.httpStatus >= 500);
      const answeredHttp = h.status !== undefined ? 'answeredHttpStatus' : 'answeredHttp';
      const what = unreachable ? 'noAnswer' : httpBad ? answeredHttp : 'answeredStatus';
      const values: Record<string, string | number | boolean> = { service: h.name, ok: h.ok, unreachable };
      if (h.httpStatus !== undefined) values['httpStatus'] = h.httpStatus;
      if (h.status !== undefined) values['status'] = h.status;
      if (h.url !== undefined) values['url'] = h.url;
      if (h.container !== undefined) values['container'] = h.container;
      ctx.report({
        subject: `health:${h.name}`,
        messageId: unreachable ? 'unreachable' : httpBad ? 'httpStatus' : 'status',
        explain: [what, severe ? 'down' : 'unhealthy', h.dependencies.length > 0 && 'dependencies'],
        data: {
          service: h.name,
          who: h.container !== undefined ? `${h.name} (container ${h.container})` : h.name,
          httpStatus: h.httpStatus ?? 0,
          // Without a body status the title says 'not ok' and the explanation 'unknown'.
          reported: h.status ?? 'not ok',
          status: h.status ?? 'unknown',
          dependencies: h.dependencies.map((d) => `${d.name}=${d.status}`).join(', '),
        },
        priority: severe ? 'P0' : 'P1',
        observed: unreachable ? 'unreachable' : (h.httpStatus ?? h.status ?? 'not ok'),
        threshold: 'HTTP 2xx and status OK',
        values,
        evidence: [h.evidence],
      });
    }
  },
});
