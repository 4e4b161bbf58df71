import type { Container } from '../../model/container.ts';
import type { EvidenceRef } from '../../model/evidence.ts';
import type { HttpRequestCount, LogSummary } from '../../model/logs.ts';
import type { LinkRequest } from '../define-rule.ts';
import { defineRule } from '../define-rule.ts';

// Paths internet scanners probe on every public host, for leaked config, admin panels and known
// exploits. A 404 on them says the host is on the internet, not that a caller and a service disagree.
const SCANNER_PREFIXES = [
  '/.env',
  '/.git',
  '/.aws',
  '/.ds_store',
  '/.htaccess',
  '/.vscode',
  '/wp-login.php',
  '/wp-admin',
  '/wp-content',
  '/wp-includes',
  '/xmlrpc.php',
  '/phpmyadmin',
  '/pma',
  '/phpinfo',
  '/vendor/phpunit',
  '/cgi-bin',
  '/boaform',
  '/hnap1',
  '/actuator',
  '/solr',
  '/owa',
  '/autodiscover',
  '/server-status',
  '/config.json',
  '/admin/config.php',
  '/geoserver',
  '/console',
];

/** Whether a request path is one internet scanners probe (case-insensitive prefix, query ignored). */
export function isScannerProbe(path: string): boolean {
  const p = path.toLowerCase().split('?')[0] ?? '';
  return SCANNER_PREFIXES.some(
    (x) => p === x || p.startsWith(`${x}/`) || (p.startsWith(x) && /[^a-z0-9_-]/.test(p[x.length] ?? '')),
  );
}

/** Many HTTP errors in a service's access log: 5xx overall, or 4xx on one route; scanner probes noted apart. */
export const logsHttpErrorBurst = defineRule({
  id: 'logs/http-error-burst',
  title: 'Burst of HTTP errors',
  priority: 'P2',
  category: 'availability',
  description:
    'Reports, per container access log, 5 or more HTTP 5xx responses (P1), and 10 or more 4xx responses on ' +
    "the same method and path (P2). Callers are named from the client IPs; a caller's own log showing the " +
    'same failures counts towards the 4xx threshold and is linked. 4xx answers to paths internet scanners ' +
    'probe (/.env, /.git/config, /wp-login.php, /phpmyadmin …) are not a route problem: 10 or more are one ' +
    'P3 note per container.',
  fix:
    'Find out whether callers use a wrong route/method or the service answers an error for a normal case, and ' +
    'fix the side that is wrong; make callers alert instead of silently falling back.',
  messages: {
    serverErrors: '{{container}} answered {{total}} HTTP 5xx responses: {{routes}}',
    failed: [
      "{{container}}'s access log shows {{total}} server errors (HTTP 5xx) in the captured tail. A 5xx means the",
      'service failed to handle a valid request: its callers got an error instead of a result.',
    ],
    failedCallers: [
      "{{container}}'s access log shows {{total}} server errors (HTTP 5xx) in the captured tail. A 5xx means the",
      'service failed to handle a valid request: its callers got an error instead of a result; callers: {{callers}}.',
    ],
    fixServer: [
      "Find the exception logged next to each 5xx in `docker logs {{container}}` and fix it; check the service's own",
      'dependencies (database, Redis, upstream APIs).',
    ],
    clientErrors: '{{container}} answered {{statuses}} to {{route}} {{count}} times',
    clientErrorsCalled: '{{container}} answered {{statuses}} to {{route}} {{count}} times, called by {{callers}}',
    clientErrorsEchoed: [
      "{{container}} answered {{statuses}} to {{route}} {{count}} times ({{echoed}} matching warnings in the caller's",
      'log)',
    ],
    clientErrorsCalledEchoed: [
      '{{container}} answered {{statuses}} to {{route}} {{count}} times, called by {{callers}} ({{echoed}} matching',
      "warnings in the caller's log)",
    ],
    disagree: [
      'Requests to {{route}} on {{container}} get a client error ({{statuses}}) again and again. A steady 4xx on one',
      'route means the caller and the service disagree: a wrong path or method, a missing route after a deploy,',
      'missing credentials, or a service that answers 404 when it has no result.',
    ],
    callerSees: 'The caller sees it too: {{echoes}}.',
    fallback: [
      "{{fallback}} falls back to another path when this call fails, so it keeps running without the service's answer",
      '— quietly, with worse results.',
    ],
    scanners: '{{container}} answered {{count}} internet-scanner probes with {{statuses}} ({{paths}})',
    scannersWhy: [
      'Requests for {{paths}} come from scanners looking for leaked configuration, admin panels and known exploits;',
      'every public host gets them. {{container}} refused them, which is right: noted, not a problem to fix.',
    ],
    fixScanners: [
      'Nothing to fix while they are refused; make sure none of these paths ever answers 200, and rate-limit or block',
      'repeat scanners at the edge if the noise hides real errors.',
    ],
    fixRoute: [
      'Compare the route {{route}} with the routes {{container}} actually serves and with what {{firstCaller}}',
      'expects; fix the route or the caller, or return 200 with an explicit "no result" body if 404 is used for an',
      'expected empty answer, and alert when the caller falls back.',
    ],
  },
  requires: ['logs'],
  uses: ['containers'],
  defaults: { min5xx: 5, min4xx: 10, maxListed: 5 },
  evaluate(ctx) {
    const { min5xx, min4xx, maxListed } = ctx.options;
    const ipToContainer = containerIps(ctx.facts.containers ?? []);
    for (const log of ctx.facts.logs) {
      const server = server5xx(log);
      ctx.note(`${log.container}: ${server.total} HTTP 5xx response(s) (threshold: ≥ ${min5xx})`);
      if (server.total >= min5xx) {
        const routes = server.routes.slice(0, maxListed);
        const callers = callerList(routes, ipToContainer);
        ctx.report({
          subject: `logs:${log.container}/http-5xx`,
          messageId: 'serverErrors',
          explain: [callers !== '' ? 'failedCallers' : 'failed'],
          fixId: 'fixServer',
          data: {
            container: log.container,
            total: server.total,
            routes: routes.map((r) => `${r.status} ${r.method} ${r.path} ×${r.count}`).join(', '),
            callers,
          },
          priority: 'P1',
          observed: server.total,
          threshold: min5xx,
          values: { container: log.container, count5xx: server.total },
          evidence: routes.map((r) => r.evidence),
        });
      }

      const probes = clientErrorRoutes(log).filter((r) => isScannerProbe(r.path));
      const probeCount = probes.reduce((n, r) => n + r.count, 0);
      if (probes.length > 0)
        ctx.note(
          `${log.container}: ${probeCount} × 4xx on ${probes.length} scanner path(s), judged apart (P3 from ${min4xx})`,
        );
      if (probeCount >= min4xx) {
        const paths = probes.slice(0, maxListed).map((r) => r.path);
        const statuses = [...new Set(probes.flatMap((r) => r.statuses))].sort().join('/');
        ctx.report({
          subject: `logs:${log.container}/http:scanner-probes`,
          messageId: 'scanners',
          explain: ['scannersWhy'],
          fixId: 'fixScanners',
          data: { container: log.container, count: probeCount, statuses, paths: paths.join(', ') },
          priority: 'P3',
          observed: probeCount,
          threshold: min4xx,
          values: { container: log.container, count: probeCount, paths: probes.length, status: statuses },
          evidence: probes.slice(0, maxListed).map((r) => r.evidence),
        });
      }

      for (const route of clientErrorRoutes(log)) {
        if (isScannerProbe(route.path)) continue;
        const callers = route.clients.map((ip) => ({ ip, container: ipToContainer.get(ip) }));
        const echoes = callers.flatMap((c) =>
          c.container !== undefined ? callerEchoes(ctx.facts.logs, c.container, route.statuses) : [],
        );
        const echoed = echoes.reduce((n, e) => n + e.count, 0);
        const key = `${route.method} ${route.path}`;
        ctx.note(
          `${log.container}: ${route.count} × ${route.statuses.join('/')} on ${key}` +
            `${echoed > 0 ? `, ${echoed} matching warning(s) in caller logs` : ''} (threshold: ≥ ${min4xx})`,
        );
        if (route.count < min4xx && echoed < min4xx) continue;

        const callerNames = callers.map((c) => (c.container !== undefined ? `${c.container} (${c.ip})` : c.ip));
        const fallback = echoes.find((e) => /fall ?back/i.test(e.example));
        const values: Record<string, string | number> = {
          container: log.container,
          method: route.method,
          path: route.path,
          status: route.statuses.join(','),
          count: route.count,
          clients: callerNames.join(', '),
        };
        if (echoed > 0) values['callerLogCount'] = echoed;
        const links: LinkRequest[] = [...new Set(echoes.map((e) => e.container))].map((c) => ({
          type: 'related',
          ruleId: 'logs/repeated-errors',
          subject: `logs:${c}`,
        }));
        const evidence: EvidenceRef[] = [route.evidence, ...echoes.map((e) => e.evidence)];
        const called = callerNames.length > 0 ? 'Called' : '';
        const title = `clientErrors${called}${echoed > 0 ? 'Echoed' : ''}` as const;
        ctx.report({
          subject: `logs:${log.container}/http:${key}`,
          messageId: title,
          explain: [
            'disagree',
            echoes.length > 0 && 'callerSees',
            echoes.length > 0 && fallback !== undefined && 'fallback',
          ],
          fixId: 'fixRoute',
          data: {
            container: log.container,
            statuses: route.statuses.join('/'),
            route: key,
            count: route.count,
            callers: callerNames.join(', '),
            echoed,
            echoes: echoes.map((e) => `${e.container} logged ${e.count} times "${e.example.slice(0, 200)}"`).join('; '),
            fallback: fallback?.container ?? '',
            firstCaller: callerNames[0] ?? 'the caller',
          },
          priority: 'P2',
          observed: route.count,
          threshold: min4xx,
          values,
          evidence,
          links,
        });
      }
    }
  },
});

interface Route {
  method: string;
  path: string;
  statuses: number[];
  count: number;
  clients: string[];
  evidence: EvidenceRef;
}

function server5xx(log: LogSummary): { total: number; routes: Array<HttpRequestCount & { status: number }> } {
  const routes = log.httpRequests.filter((r) => r.status >= 500).sort((a, b) => b.count - a.count);
  const fromRequests = routes.reduce((n, r) => n + r.count, 0);
  // httpStatus counts every status line, including ones without a parsed method/path.
  const fromStatus = Object.entries(log.httpStatus).reduce((n, [s, c]) => (Number(s) >= 500 ? n + c : n), 0);
  return { total: Math.max(fromRequests, fromStatus), routes };
}

/** 4xx requests grouped by method + path, largest first. */
function clientErrorRoutes(log: LogSummary): Route[] {
  const byRoute = new Map<string, Route>();
  for (const r of log.httpRequests) {
    if (r.status < 400 || r.status >= 500) continue;
    const key = `${r.method} ${r.path}`;
    const route = byRoute.get(key) ?? {
      method: r.method,
      path: r.path,
      statuses: [],
      count: 0,
      clients: [],
      evidence: r.evidence,
    };
    if (!route.statuses.includes(r.status)) route.statuses.push(r.status);
    route.count += r.count;
    for (const c of r.clients) {
      const ip = stripPort(c);
      if (!route.clients.includes(ip)) route.clients.push(ip);
    }
    byRoute.set(key, route);
  }
  return [...byRoute.values()].sort((a, b) => b.count - a.count);
}

/** Container IPs on Docker networks (from inspect), to name the callers in access logs. */
function containerIps(containers: readonly Container[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const c of containers)
    for (const n of c.inspect?.networks ?? []) if (n.ip !== undefined && n.ip !== '') map.set(n.ip, c.name);
  return map;
}

interface Echo {
  container: string;
  count: number;
  example: string;
  evidence: EvidenceRef;
}

/** Warnings/errors in a caller's own log that mention one of the HTTP statuses it received. */
function callerEchoes(logs: readonly LogSummary[], container: string, statuses: number[]): Echo[] {
  const log = logs.find((l) => l.container === container);
  if (log === undefined) return [];
  const mentions = (text: string): boolean =>
    statuses.some((s) => new RegExp(`\\b(HTTP|status|code)\\D{0,12}${s}\\b`, 'i').test(text));
  const repeated = log.repeated
    .filter((r) => (r.level === 'warning' || r.level === 'error' || r.level === 'critical') && mentions(r.example))
    .map((r) => ({ container, count: r.count, example: r.example, evidence: r.evidence }));
  if (repeated.length > 0) return repeated;
  const errors = log.errors.filter((e) => mentions(e.message));
  const first = errors[0];
  return first !== undefined
    ? [{ container, count: errors.length, example: first.message, evidence: first.evidence }]
    : [];
}

/** The distinct callers of some routes, named by container where known: 'a (172.18.0.2), 10.0.0.5'; '' for none. */
function callerList(routes: HttpRequestCount[], ips: Map<string, string>): string {
  const clients = [...new Set(routes.flatMap((r) => r.clients.map(stripPort)))];
  return clients.map((ip) => (ips.has(ip) ? `${ips.get(ip)} (${ip})` : ip)).join(', ');
}

function stripPort(client: string): string {
  const v6 = /^\[(.+)\](:\d+)?$/.exec(client);
  if (v6?.[1] !== undefined) return v6[1];
  return /^\d+\.\d+\.\d+\.\d+:\d+$/.test(client) ? client.replace(/:\d+$/, '') : client;
}
