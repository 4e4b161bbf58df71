import { defineRule } from '../define-rule.ts';
import { containerSubject, eachInspected, inspectRefs } from './container-support.ts';

/** Paths of the Docker daemon's socket, on the host or in the container. */
const DOCKER_SOCKET = /^(?:\/var)?\/run\/docker\.sock$|\/docker\.sock$/;

/** A container with the Docker socket mounted: it can start a privileged container on the host. */
export const containerDockerSocket = defineRule({
  id: 'container/docker-socket',
  title: 'Docker socket mounted into a container',
  priority: 'P1',
  category: 'security',
  description:
    'Reports inspected containers with a mount of the Docker socket (/var/run/docker.sock, /run/docker.sock) ' +
    'as source or destination.',
  fix:
    'Remove the docker.sock mount; if the tool really needs the API, put a filtering proxy in front of it that ' +
    'allows only the read-only endpoints it uses.',
  messages: {
    mounted: '{{container}} has the Docker socket mounted at {{destination}}',
    mountedRo: '{{container}} has the Docker socket mounted at {{destination}} (read-only mount, full API)',
    hostRoot: [
      'Whoever can talk to the Docker API can start a privileged container with the host disk mounted: access to',
      '{{source}} is root on the host. Any process in this container that is compromised gets that.',
    ],
    readOnly: [
      'The mount is read-only, but that only stops the socket file from being replaced: the API behind it',
      'still accepts every request.',
    ],
  },
  requires: ['inspect'],
  defaults: {},
  evaluate(ctx) {
    for (const { c, inspect } of eachInspected(ctx.facts.inspect)) {
      const index = inspect.mounts.findIndex(
        (m) => DOCKER_SOCKET.test(m.destination) || (m.source !== undefined && DOCKER_SOCKET.test(m.source)),
      );
      ctx.note(`${c.name}: ${inspect.mounts.length} mount(s), docker.sock ${index >= 0 ? 'mounted' : 'not mounted'}`);
      const mount = inspect.mounts[index];
      if (mount === undefined) continue;
      const readOnly = mount.rw === false;
      ctx.report({
        subject: containerSubject(c),
        messageId: readOnly ? 'mountedRo' : 'mounted',
        explain: ['hostRoot', readOnly && 'readOnly'],
        data: { container: c.name, destination: mount.destination, source: mount.source ?? mount.destination },
        observed: mount.destination,
        threshold: 'no docker.sock mount',
        values: {
          container: c.name,
          source: mount.source ?? '',
          destination: mount.destination,
          readOnly,
          state: inspect.state,
        },
        evidence: inspectRefs(c, inspect, `/Mounts/${index}`),
      });
    }
  },
});
