import type { AnyRule } from './define-rule.ts';
import { consumerGroupLag } from './stream/consumer-group-lag.ts';
import { consumersNotReading } from './stream/consumers-not-reading.ts';
import { noConsumerGroup } from './stream/no-consumer-group.ts';
import { payloadDefaultValues } from './stream/payload-default-values.ts';
import { pendingEntries } from './stream/pending-entries.ts';
import { redisEvictions } from './redis/evictions.ts';
import { redisFragmentation } from './redis/fragmentation.ts';
import { redisKeyspaceMissRatio } from './redis/keyspace-miss-ratio.ts';
import { redisMaxmemoryNoeviction } from './redis/maxmemory-noeviction.ts';
import { redisRecentRestart } from './redis/recent-restart.ts';
import { redisRejectedConnections } from './redis/rejected-connections.ts';
import { redisSlowlog } from './redis/slowlog.ts';
import { containerDebugLogging } from './container/debug-logging.ts';
import { containerExitedNonzero } from './container/exited-nonzero.ts';
import { containerHealthStarting } from './container/health-starting.ts';
import { containerHighRestartCount } from './container/high-restart-count.ts';
import { containerNoMemoryLimit } from './container/no-memory-limit.ts';
import { containerOomKilled } from './container/oom-killed.ts';
import { containerPublishedAllInterfaces } from './container/published-all-interfaces.ts';
import { containerRecentRestarts } from './container/recent-restarts.ts';
import { containerRestarting } from './container/restarting.ts';
import { containerUnhealthy } from './container/unhealthy.ts';
import { healthDegradedDependency } from './health/degraded-dependency.ts';
import { healthEndpointNotOk } from './health/endpoint-not-ok.ts';
import { hostDiskUsage } from './host/disk-usage.ts';
import { hostLoad } from './host/load.ts';
import { hostMemoryPressure } from './host/memory-pressure.ts';
import { hostNoSwap } from './host/no-swap.ts';
import { hostRecentReboot } from './host/recent-reboot.ts';
import { logsErrorRate } from './logs/error-rate.ts';
import { logsHttpErrorBurst } from './logs/http-error-burst.ts';
import { logsRepeatedErrors } from './logs/repeated-errors.ts';
import { logsStackTraces } from './logs/stack-traces.ts';
import { composeNoOrchestrationFiles } from './compose/no-orchestration-files.ts';
import { evidenceEmptyCapture } from './evidence/empty-capture.ts';
import { evidenceErrorOutput } from './evidence/error-output.ts';
import { evidenceParseFailure } from './evidence/parse-failure.ts';
import { evidenceUnrecognisedFile } from './evidence/unrecognised-file.ts';
import { evidenceValuesWithoutKeys } from './evidence/values-without-keys.ts';
import { containerPaused } from './container/paused.ts';
import { containerNeverStarted } from './container/never-started.ts';
import { containerPrivileged } from './container/privileged.ts';
import { containerDockerSocket } from './container/docker-socket.ts';
import { containerServiceUrlMismatch } from './container/service-url-mismatch.ts';
import { redisMonitorClient } from './redis/monitor-client.ts';
import { streamPoisonMessage } from './stream/poison-message.ts';
import { streamDeadLetter } from './stream/dead-letter.ts';
import { streamStaleConsumers } from './stream/stale-consumers.ts';
import { streamGroupNeverRead } from './stream/group-never-read.ts';
import { streamTrimmingUnread } from './stream/trimming-unread.ts';

/**
 * Every rule, in evaluation order (findings are sorted afterwards, so order only affects --explain). Nothing registers
 * itself.
 */
export const rules: readonly AnyRule[] = [
  consumerGroupLag,
  consumersNotReading,
  noConsumerGroup,
  payloadDefaultValues,
  pendingEntries,
  redisEvictions,
  redisFragmentation,
  redisKeyspaceMissRatio,
  redisMaxmemoryNoeviction,
  redisRecentRestart,
  redisRejectedConnections,
  redisSlowlog,
  containerDebugLogging,
  containerExitedNonzero,
  containerHealthStarting,
  containerHighRestartCount,
  containerNoMemoryLimit,
  containerOomKilled,
  containerPublishedAllInterfaces,
  containerRecentRestarts,
  containerRestarting,
  containerUnhealthy,
  healthDegradedDependency,
  healthEndpointNotOk,
  hostDiskUsage,
  hostLoad,
  hostMemoryPressure,
  hostNoSwap,
  hostRecentReboot,
  logsErrorRate,
  logsHttpErrorBurst,
  logsRepeatedErrors,
  logsStackTraces,
  composeNoOrchestrationFiles,
  evidenceEmptyCapture,
  evidenceErrorOutput,
  evidenceParseFailure,
  evidenceUnrecognisedFile,
  evidenceValuesWithoutKeys,
  containerPaused,
  containerNeverStarted,
  containerPrivileged,
  containerDockerSocket,
  containerServiceUrlMismatch,
  redisMonitorClient,
  streamPoisonMessage,
  streamDeadLetter,
  streamStaleConsumers,
  streamGroupNeverRead,
  streamTrimmingUnread,
];

/** A rule by id, or undefined. */
export const getRule = (id: string): AnyRule | undefined => rules.find((r) => r.id === id);
