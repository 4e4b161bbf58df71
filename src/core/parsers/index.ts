import type { Parser } from './parser.ts';
import { composeLsParser } from './compose-ls.ts';
import { dfParser } from './df.ts';
import { dockerComposePsParser } from './docker-compose-ps.ts';
import { dockerInspectParser } from './docker-inspect.ts';
import { dockerLogsParser } from './docker-logs.ts';
import { dockerPsParser } from './docker-ps.ts';
import { dockerVersionParser } from './docker-version.ts';
import { fileListParser } from './file-list.ts';
import { freeParser } from './free.ts';
import { httpHealthParser } from './http-health.ts';
import { lsbReleaseParser } from './lsb-release.ts';
import { redisClientListParser } from './redis-client-list.ts';
import { redisInfoParser } from './redis-info.ts';
import { redisSlowlogParser } from './redis-slowlog.ts';
import { redisStreamKeysParser } from './redis-stream-keys.ts';
import { redisXinfoConsumersParser } from './redis-xinfo-consumers.ts';
import { redisXinfoGroupsParser } from './redis-xinfo-groups.ts';
import { redisXinfoStreamParser } from './redis-xinfo-stream.ts';
import { redisXlenParser } from './redis-xlen.ts';
import { redisXpendingParser } from './redis-xpending.ts';
import { redisXrangeParser } from './redis-xrange.ts';
import { unameParser } from './uname.ts';
import { uptimeParser } from './uptime.ts';

/** Every parser, in a fixed order (ties in detection go to the earlier one). Nothing registers itself. */
export const parsers = [
  dockerPsParser,
  dockerInspectParser,
  dockerLogsParser,
  redisInfoParser,
  redisClientListParser,
  redisSlowlogParser,
  redisXinfoGroupsParser,
  redisXinfoStreamParser,
  redisXinfoConsumersParser,
  redisXpendingParser,
  redisXrangeParser,
  redisXlenParser,
  redisStreamKeysParser,
  httpHealthParser,
  unameParser,
  lsbReleaseParser,
  uptimeParser,
  freeParser,
  dfParser,
  dockerVersionParser,
  dockerComposePsParser,
  composeLsParser,
  fileListParser,
] as const;

/** A registered parser. */
export type RegisteredParser = (typeof parsers)[number];
/** The id of a registered parser: the keys of {@link ParserValues}. */
export type ParserId = RegisteredParser['id'];
/** What each registered parser yields, by id: the typed facts assembly joins (derived, never restated). */
export type ParserValues = { [P in RegisteredParser as P['id']]: P extends Parser<infer T> ? T : never };

/** The registry as the runner walks it: any parser, value unknown until its id narrows it. */
export const parserList: readonly Parser[] = parsers;

/** A parser by id. */
export const getParser = (id: string): Parser | undefined => parserList.find((p) => p.id === id);
