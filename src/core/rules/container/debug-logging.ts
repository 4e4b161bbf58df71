import type { EnvVar } from '../../model/container.ts';
import { defineRule } from '../define-rule.ts';
import { containerSubject, eachInspected, inspectField } from './container-support.ts';

// LOG_LEVEL, QT_LOG_LEVEL, LOGLEVEL, APP_LOGLEVEL…: names only, never a secret.
const LOG_LEVEL_NAME = /^([A-Z0-9]+_)*LOG_?LEVEL$/i;
const VERBOSE = /^(debug|trace|verbose|all)$/i;
// Variables that say which environment a service runs in; their values are short words, not secrets.
const ENV_MARKER = new RegExp(
  '^(' +
    [
      'MODE',
      'ENV',
      'ENVIRONMENT',
      'APP_ENV',
      'NODE_ENV',
      'RAILS_ENV',
      'RACK_ENV',
      'FLASK_ENV',
      'DJANGO_ENV',
      'PYTHON_ENV',
      'ASPNETCORE_ENVIRONMENT',
      'DEPLOY_ENV',
      'STAGE',
    ].join('|') +
    ')$',
  'i',
);
const NON_PROD = /^(dev|develop|development|local|test|testing|ci|staging|stage|qa|sandbox)$/i;

/** Services logging at DEBUG/TRACE in production, from LOG_LEVEL-style environment variables. */
export const containerDebugLogging = defineRule({
  id: 'container/debug-logging',
  title: 'Debug logging enabled in production',
  priority: 'P3',
  category: 'observability',
  description:
    'Reports inspected containers with LOG_LEVEL or *_LOG_LEVEL set to DEBUG/TRACE, unless an environment ' +
    'marker (MODE, ENV, NODE_ENV…) says the container is not production.',
  fix: 'Set LOG_LEVEL=INFO (or WARNING) in the service environment and turn DEBUG on per incident, for a limited time.',
  messages: {
    debug: '{{container}} logs at debug level ({{levels}})',
    markedProduction: '{{container}} is configured to log at DEBUG/TRACE while {{marker}} marks it as production.',
    unmarked: [
      '{{container}} is configured to log at DEBUG/TRACE and nothing in its environment marks it as a non-production',
      'service.',
    ],
    cost: [
      'Debug logs are many times larger: they fill the disk and the log pipeline, make `docker logs --tail` show',
      'seconds instead of hours, hide warnings in noise, and often print request bodies, tokens or personal data.',
    ],
    fixLevel: [
      "Set {{infoLevels}} in {{container}}'s environment (compose file or .env) and recreate the container; switch to",
      'DEBUG only while investigating.',
    ],
  },
  requires: ['inspect'],
  defaults: {},
  evaluate(ctx) {
    for (const { c, inspect } of eachInspected(ctx.facts.inspect)) {
      const levels = withIndex(inspect.env).filter(({ v }) => LOG_LEVEL_NAME.test(v.name));
      const verbose = levels.filter(({ v }) => VERBOSE.test(v.value.trim()));
      const marker = withIndex(inspect.env).find(({ v }) => ENV_MARKER.test(v.name));
      const nonProd = marker !== undefined && NON_PROD.test(marker.v.value.trim());
      const levelText =
        levels.length > 0 ? levels.map(({ v }) => `${v.name}=${v.value}`).join(', ') : 'no LOG_LEVEL variable';
      ctx.note(
        `${c.name}: ${levelText}${marker !== undefined ? `, ${marker.v.name}=${marker.v.value}` : ''} ` +
          '(threshold: not DEBUG/TRACE in production)',
      );
      if (verbose.length === 0 || nonProd) continue;

      const shown = verbose.map(({ v }) => `${v.name}=${v.value}`).join(', ');
      const values: Record<string, string> = { container: c.name };
      for (const { v } of verbose) values[v.name] = v.value;
      if (marker !== undefined) values[marker.v.name] = marker.v.value;
      const evidence = verbose.map(({ i }) => inspectField(inspect, `/Config/Env/${i}`));
      if (marker !== undefined) evidence.push(inspectField(inspect, `/Config/Env/${marker.i}`));
      ctx.report({
        subject: containerSubject(c),
        messageId: 'debug',
        explain: [marker !== undefined ? 'markedProduction' : 'unmarked', 'cost'],
        fixId: 'fixLevel',
        data: {
          container: c.name,
          levels: shown,
          marker: marker !== undefined ? `${marker.v.name}=${marker.v.value}` : '',
          infoLevels: verbose.map(({ v }) => `${v.name}=INFO`).join(' and '),
        },
        observed: verbose[0]?.v.value ?? 'DEBUG',
        threshold: 'INFO',
        values,
        evidence,
      });
    }
  },
});

function withIndex(env: EnvVar[]): Array<{ v: EnvVar; i: number }> {
  return env.map((v, i) => ({ v, i }));
}
