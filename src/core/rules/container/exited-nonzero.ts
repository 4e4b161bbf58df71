import { defineRule } from '../define-rule.ts';
import {
  containerRefs,
  containerState,
  containerSubject,
  inspectField,
  LAST_WORDS_MESSAGES,
  lastWords,
  lastWordsMessage,
} from './container-support.ts';

/** What an exit code usually means, in words an on-call engineer can act on: the message saying it. */
function meaning(code: number, oomKilled: boolean | undefined) {
  if (code === 137) return oomKilled === true ? 'sigkillOom' : oomKilled === false ? 'sigkillNotOom' : 'sigkill';
  if (code === 143) return 'sigterm';
  if (code === 139) return 'sigsegv';
  if (code === 134) return 'sigabrt';
  if (code === 127) return 'notFound';
  if (code === 126) return 'notExecutable';
  return 'appCode';
}

/** A container that stopped with a failure exit code. */
export const containerExitedNonzero = defineRule({
  id: 'container/exited-nonzero',
  title: 'Container exited with a non-zero code',
  priority: 'P1',
  category: 'availability',
  description: 'Reports containers that are exited (or dead) with a non-zero exit code.',
  fix:
    'Read `docker logs --tail 200 <name>` for the error before the exit, fix it, then start the container and ' +
    'set a restart policy (unless-stopped / on-failure) if it should stay up.',
  messages: {
    ...LAST_WORDS_MESSAGES,
    exited: '{{container}} exited with code {{exitCode}}',
    exitedAgo: '{{container}} exited with code {{exitCode}} {{exitedSecondsAgo:duration}} before capture',
    notRunning: [
      '{{container}} is not running: its main process ended with exit code {{exitCode}} and Docker did not bring it',
      'back.',
    ],
    sigkillOom: 'Exit 137 is SIGKILL, and inspect confirms OOMKilled: the kernel killed it for exceeding its memory.',
    sigkillNotOom: [
      'Exit 137 is SIGKILL. Inspect says it was not OOM-killed, so something sent the kill: `docker kill`, or `docker',
      'stop` after the stop timeout when the process ignored SIGTERM.',
    ],
    sigkill: [
      'Exit 137 is SIGKILL: usually the kernel OOM killer (memory limit or host out of memory), or `docker kill` / a',
      '`docker stop` timeout. Inspect the container (State.OOMKilled) to tell which.',
    ],
    sigterm: [
      'Exit 143 is SIGTERM: it was asked to stop (docker stop, compose down, host shutdown) and exited; if nobody',
      'stopped it on purpose, find out who did.',
    ],
    sigsegv: 'Exit 139 is SIGSEGV: the process crashed on an invalid memory access (native library or runtime bug).',
    sigabrt: 'Exit 134 is SIGABRT: the process aborted itself, usually on a failed assertion or fatal runtime error.',
    notFound: [
      'Exit {{exitCode}} means the command could not be run (not found): a broken image or a wrong entrypoint/command.',
    ],
    notExecutable: [
      'Exit {{exitCode}} means the command could not be run (not executable): a broken image or a wrong',
      'entrypoint/command.',
    ],
    appCode: "Exit {{exitCode}} is the application's own failure code: its last log lines say why.",
    notDone: 'Whatever this service does is not being done.',
    fixOom: [
      "Check `docker inspect --format '{{.State.OOMKilled}}' {{container}}` and `dmesg | grep -i oom`; if it was OOM,",
      'give it a memory limit that fits its real peak (deploy.resources.limits.memory) or fix the leak; then start it.',
    ],
    fixExit: [
      'Read `docker logs --tail 200 {{container}}` for the error printed before the exit, fix it, then `docker start',
      '{{container}}`.',
    ],
  },
  requires: ['containers'],
  uses: ['logs'],
  defaults: {},
  evaluate(ctx) {
    for (const c of ctx.facts.containers) {
      const state = containerState(c);
      const code = c.exitCode ?? (state === 'exited' || state === 'dead' ? c.inspect?.exitCode : undefined);
      ctx.note(`${c.name}: state ${state}, exit code ${code ?? 'n/a'} (threshold: exited with code ≠ 0)`);
      if ((state !== 'exited' && state !== 'dead') || code === undefined || code === 0) continue;

      const oom = c.inspect?.oomKilled;
      const evidence = containerRefs(c);
      const values: Record<string, string | number | boolean> = { container: c.name, exitCode: code };
      if (c.inspect !== undefined) {
        values['oomKilled'] = c.inspect.oomKilled;
        evidence.push(inspectField(c.inspect, '/State/ExitCode'), inspectField(c.inspect, '/State/OOMKilled'));
        if (c.inspect.finishedAt !== undefined) values['finishedAt'] = c.inspect.finishedAt;
      }
      if (c.statusAgeSeconds !== undefined) values['exitedSecondsAgo'] = c.statusAgeSeconds;
      const said = lastWords(ctx.facts.logs, c);
      if (said !== undefined) evidence.push(said.evidence);
      ctx.report({
        subject: containerSubject(c),
        messageId: c.statusAgeSeconds !== undefined ? 'exitedAgo' : 'exited',
        explain: ['notRunning', meaning(code, oom), 'notDone', lastWordsMessage(said)],
        fixId: code === 137 ? 'fixOom' : 'fixExit',
        data: { container: c.name, exitCode: code, exitedSecondsAgo: c.statusAgeSeconds ?? 0, said: said?.text ?? '' },
        observed: code,
        threshold: 0,
        values,
        evidence,
        ...(said !== undefined ? { quote: said } : {}),
      });
    }
  },
});
