import type { Container, PortBinding } from '../../model/container.ts';
import { defineRule } from '../define-rule.ts';
import {
  containerSubject,
  datastoreKind,
  isAllInterfaces,
  isEdgeProxy,
  portRefs,
  publishedPorts,
} from './container-support.ts';

/** The web ports an edge proxy is there to publish: on every interface is its job, not an exposure. */
const WEB_PORTS = new Set([80, 443]);

/**
 * Host ports bound to every interface: a datastore per finding (P0), everything else grouped (P1);
 * the web ports 80/443 of a service that is not a datastore are expected and noted apart (P3), never next to a
 * database port.
 */
export const containerPublishedAllInterfaces = defineRule({
  id: 'container/published-all-interfaces',
  title: 'Ports published on all interfaces',
  priority: 'P1',
  category: 'security',
  description:
    'Reports container ports published on 0.0.0.0 / :: (every host interface). Datastores (Redis, ' +
    'PostgreSQL, MySQL, MongoDB, Elasticsearch, Memcached, RabbitMQ, Kafka) get one P0 finding each; other ' +
    'services are grouped into one P1 finding. A service that is not a datastore publishing the web ports ' +
    '80/443 is expected of an edge proxy or public web server: one P3 note, and its other ports are still ' +
    'judged. Ports bound to 127.0.0.1 are fine.',
  fix:
    'Publish only what must be reached from outside, bound to an address (`127.0.0.1:8000:8000`), or drop the ' +
    '`ports:` entry and let services talk over the Docker network; put a firewall in front either way.',
  messages: {
    datastore: '{{datastore}} ({{container}}) is published on all interfaces: {{ports}}',
    datastoreOpen: [
      '{{container}} runs {{datastore}} and Docker publishes it on every network interface of the host (0.0.0.0 / ::),',
      "so anyone who can reach the host's IP can connect to the database directly.",
    ],
    datastoreTarget: [
      'Docker writes its own iptables rules, so a host firewall such as ufw does not block these ports. Datastores are',
      'a favourite target of internet scanners: an open {{datastore}} can be read, wiped or used to run commands.',
    ],
    fixRedis: [
      'Bind {{mapping}} in the compose file or drop the ports: entry (services reach it as redis:6379 on the Docker',
      'network); require a password (requirepass/ACL) and enable protected-mode.',
    ],
    fixDatastore: [
      'Bind {{mapping}} in the compose file or drop the ports: entry so only services on the Docker network reach it;',
      'require strong authentication and keep the port off the internet with a firewall rule in DOCKER-USER.',
    ],
    services: '{{containers}} container(s) publish {{portCount}} port(s) on all interfaces: {{ports}}',
    edge: '{{container}} publishes the web ports {{ports}} on all interfaces, as an edge service does',
    edgeExpected: [
      '{{container}} looks like the edge proxy (nginx/traefik/haproxy/caddy/envoy): serving 80/443 on every interface',
      'is its job. Noted so the public surface is on record: it should be the only service reachable from outside,',
      'with TLS on 443 and 80 redirecting to it.',
    ],
    webExpected: [
      '{{container}} publishes the web ports 80/443 on every interface: that is how an edge service (reverse proxy,',
      'load balancer, public web server) is reached, so it is noted, not raised. It should be the only service',
      'reachable from outside, with TLS on 443 and 80 redirecting to it.',
    ],
    fixEdge: [
      'Nothing to change for 80/443; keep every other service behind {{container}} (bound to 127.0.0.1 or unpublished)',
      'and the proxy image patched.',
    ],
    servicesOpen: [
      'These services are published on every network interface of the host (0.0.0.0 / ::), so they are reachable from',
      'any network the host is on, including the internet if it has a public IP.',
    ],
    servicesBypass: [
      "Docker's iptables rules bypass ufw/firewalld, so a host firewall does not help. Internal APIs often have no",
      'authentication and were never meant to be public.',
    ],
  },
  requires: ['containers'],
  defaults: {},
  evaluate(ctx) {
    const others: Array<{ c: Container; ports: string[] }> = [];
    for (const c of ctx.facts.containers) {
      const open = uniquePorts(publishedPorts(c).filter((p) => isAllInterfaces(p.hostIp)));
      const local = publishedPorts(c).filter((p) => !isAllInterfaces(p.hostIp));
      ctx.note(
        `${c.name}: ${open.length} port(s) on all interfaces` +
          `${open.length > 0 ? ` (${open.map(fmt).join(', ')})` : ''}, ${local.length} bound to a specific address ` +
          '(threshold: none on all interfaces)',
      );
      if (open.length === 0) continue;
      // 80/443 are the web's public ports: on a service that is not a datastore, published to everyone is the point.
      const web = datastoreKind(c) === undefined ? open.filter((p) => WEB_PORTS.has(p.containerPort)) : [];
      if (web.length > 0) {
        const ports = web.map(fmt).join(', ');
        const proxy = isEdgeProxy(c);
        ctx.note(`${c.name}: web ports ${ports} on all interfaces are expected of an edge service (P3)`);
        ctx.report({
          subject: `container:${c.name}/edge`,
          messageId: 'edge',
          explain: [proxy ? 'edgeExpected' : 'webExpected'],
          fixId: 'fixEdge',
          data: { container: c.name, ports },
          priority: 'P3',
          observed: ports,
          threshold: 'only the edge proxy on all interfaces',
          values: { container: c.name, ports, edgeProxy: proxy },
          evidence: portRefs(c),
        });
        const rest = open.filter((p) => !WEB_PORTS.has(p.containerPort));
        if (rest.length > 0) others.push({ c, ports: rest.map(fmt) });
        continue;
      }
      const kind = datastoreKind(c, open.find((p) => datastoreKind(c, p) !== undefined) ?? open[0]);
      if (kind !== undefined) {
        const hostPorts = open.map(fmt).join(', ');
        const first = open[0];
        const mapping =
          first !== undefined ? `127.0.0.1:${first.hostPort}:${first.containerPort}` : '127.0.0.1:<port>:<port>';
        ctx.report({
          subject: containerSubject(c),
          messageId: 'datastore',
          explain: ['datastoreOpen', 'datastoreTarget'],
          fixId: kind === 'Redis' ? 'fixRedis' : 'fixDatastore',
          data: { container: c.name, datastore: kind, ports: hostPorts, mapping },
          priority: 'P0',
          observed: hostPorts,
          threshold: '127.0.0.1 or not published',
          values: { container: c.name, datastore: kind, ports: hostPorts },
          evidence: portRefs(c),
        });
      } else {
        others.push({ c, ports: open.map(fmt) });
      }
    }
    if (others.length === 0) return;

    const list = others.flatMap(({ c, ports }) => ports.map((p) => `${c.name}:${p}`));
    const values: Record<string, string | number> = { containers: others.length, ports: list.length };
    for (const { c, ports } of others) values[c.name] = ports.join(', ');
    ctx.report({
      subject: 'containers:published-all-interfaces',
      messageId: 'services',
      explain: ['servicesOpen', 'servicesBypass'],
      data: { containers: others.length, portCount: list.length, ports: list.join(', ') },
      observed: list.length,
      threshold: 0,
      values,
      evidence: others.flatMap(({ c }) => portRefs(c)),
    });
  },
});

/** '0.0.0.0:8000->8000/tcp' and '[::]:8000->8000/tcp' are one port for this purpose. */
function uniquePorts(ports: PortBinding[]): PortBinding[] {
  const seen = new Set<string>();
  return ports.filter((p) => {
    const key = `${p.hostPort}/${p.containerPort}/${p.protocol}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function fmt(p: PortBinding): string {
  return p.hostPort === p.containerPort
    ? `${p.hostPort}/${p.protocol}`
    : `${p.hostPort}->${p.containerPort}/${p.protocol}`;
}
