import { defineRule } from '../define-rule.ts';
import { formatDuration } from '../../format/units.ts';
import {
  containerRefs,
  containerState,
  containerSubject,
  datastoreKind,
  inspectField,
  isEdgeProxy,
  LAST_WORDS_MESSAGES,
  lastWords,
  lastWordsMessage,
  publishedPorts,
} from './container-support.ts';

/** A container Docker is restarting, or that restarts again and again. */
export const containerRestarting = defineRule({
  id: 'container/restarting',
  title: 'Container is restarting or in a restart loop',
  priority: 'P1',
  category: 'availability',
  description:
    "Reports containers in state 'restarting', and running containers that restarted several times and came " +
    'up only moments before the capture (a restart loop).',
  fix:
    'Read the last lines of `docker logs <name>` before the crash and the exit code in `docker inspect`, fix ' +
    'the startup error, and only then let the restart policy bring it back.',
  messages: {
    ...LAST_WORDS_MESSAGES,
    restarting: '{{container}} is restarting',
    restartingCount: '{{container}} is restarting ({{restartCount}} restarts)',
    loop: '{{container}} is in a restart loop ({{restartCount}} restarts, up {{upSeconds:duration}})',
    dockerRestarting: [
      'Docker reports {{container}} as restarting: the process exited and the restart policy is starting it again.',
    ],
    looping: [
      '{{container}} has been restarted {{restartCount}} times and was up only {{upSeconds:duration}} at capture: it',
      'keeps crashing and coming back.',
    ],
    dependents: [
      'While it restarts, whatever depends on it sees connection errors; each crash may also drop work in flight.',
    ],
    critical: [
      'It is an entry point or a datastore (proxy, published port or database), so the outage reaches users or every',
      'service behind it.',
    ],
    limited: 'It publishes no ports and is not a datastore, so the impact is limited to the services that call it.',
    fixRestart: [
      'Run `docker logs --tail 200 {{container}}` to read the error printed just before each exit and `docker inspect',
      "--format '{{.State.ExitCode}} {{.State.OOMKilled}} {{.State.Error}}' {{container}}`; fix the cause (config,",
      'missing dependency, memory) before restarting it.',
    ],
  },
  requires: ['containers'],
  uses: ['logs'],
  defaults: { loopRestartCount: 3, loopWindowSeconds: 600 },
  evaluate(ctx) {
    const { loopRestartCount, loopWindowSeconds } = ctx.options;
    for (const c of ctx.facts.containers) {
      const state = containerState(c);
      const restarts = c.inspect?.restartCount;
      const age = c.statusAgeSeconds;
      const looping =
        state === 'running' &&
        restarts !== undefined &&
        restarts >= loopRestartCount &&
        age !== undefined &&
        age <= loopWindowSeconds;
      ctx.note(
        `${c.name}: state ${state}, restarts ${restarts ?? 'not inspected'}, ` +
          `up ${age !== undefined ? formatDuration(age) : 'unknown'} (threshold: state restarting, ` +
          `or ≥ ${loopRestartCount} restarts and up ≤ ${formatDuration(loopWindowSeconds)})`,
      );
      if (state !== 'restarting' && !looping) continue;

      const critical = isEdgeProxy(c) || datastoreKind(c) !== undefined || publishedPorts(c).length > 0;
      const evidence = containerRefs(c);
      const values: Record<string, string | number> = { container: c.name, state };
      if (restarts !== undefined && c.inspect !== undefined) {
        values['restartCount'] = restarts;
        evidence.push(inspectField(c.inspect, '/RestartCount'));
        if (c.inspect.exitCode !== 0) {
          values['lastExitCode'] = c.inspect.exitCode;
          evidence.push(inspectField(c.inspect, '/State/ExitCode'));
        }
      }
      if (c.status !== undefined) values['status'] = c.status;
      // Each crash logs the same way, so the end of the log says why it keeps exiting.
      const said = lastWords(ctx.facts.logs, c);
      if (said !== undefined) evidence.push(said.evidence);
      ctx.report({
        subject: containerSubject(c),
        messageId: state === 'restarting' ? (restarts !== undefined ? 'restartingCount' : 'restarting') : 'loop',
        explain: [
          state === 'restarting' ? 'dockerRestarting' : 'looping',
          'dependents',
          critical ? 'critical' : 'limited',
          lastWordsMessage(said),
        ],
        fixId: 'fixRestart',
        data: { container: c.name, restartCount: restarts ?? 0, upSeconds: age ?? 0, said: said?.text ?? '' },
        priority: critical ? 'P0' : 'P1',
        observed: state === 'restarting' ? 'restarting' : (restarts ?? 0),
        threshold: state === 'restarting' ? 'running' : loopRestartCount,
        values,
        evidence,
        ...(said !== undefined ? { quote: said } : {}),
      });
    }
  },
});
