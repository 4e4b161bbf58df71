import type { LogSummary } from '../../../src/core/model/logs.ts';

// Summaries of the sample's logs_tail_*.txt files, with the counts and line numbers of the real
// files (200-line tails; levels counted from the files).

const base = (container: string, parts: Partial<LogSummary>): LogSummary => ({
  container,
  file: `raw/logs_tail_${container}.txt`,
  lines: 200,
  events: 200,
  timestampStyle: 'clock',
  levels: {},
  timeline: [],
  httpStatus: {},
  httpRequests: [],
  repeated: [],
  stackTraces: [],
  errors: [],
  evidence: { file: `raw/logs_tail_${container}.txt`, startLine: 1, endLine: 200 },
  ...parts,
});

const HEADLINE =
  "binance.exceptions.BinanceAPIException: APIError(code=-4164): Order's notional " +
  'must be no smaller than 5 (unless you choose reduce only).';

/** Backend: DEBUG-heavy, two ERROR lines each followed by a Python traceback (lines 46-61, 63-84). */
export function backendLog(parts: Partial<LogSummary> = {}): LogSummary {
  return base('quantum_backend', {
    events: 166,
    levels: { debug: 67, info: 40, warning: 57, error: 2 },
    httpStatus: { '200': 3, '400': 1 },
    stackTraces: [
      {
        language: 'python',
        headline: HEADLINE,
        evidence: { file: 'raw/logs_tail_quantum_backend.txt', startLine: 46, endLine: 61 },
      },
      {
        language: 'python',
        headline: HEADLINE,
        evidence: { file: 'raw/logs_tail_quantum_backend.txt', startLine: 63, endLine: 84 },
      },
    ],
    errors: [
      {
        message:
          '[EXIT_GATEWAY] ❌ Order submission failed: module=exit_executor, symbol=AXSUSDT, ' +
          "kind=tp_market_leg_0, error=APIError(code=-4164): Order's notional must be no " +
          'smaller than 5 (unless you choose reduce only).',
        evidence: { file: 'raw/logs_tail_quantum_backend.txt', startLine: 45, endLine: 61 },
      },
      {
        message:
          '[EXIT_BRAIN_EXECUTOR] Error submitting TP order for AXSUSDT SHORT: APIError(code=-4164): ' +
          "Order's notional must be no smaller than 5 (unless you choose reduce only).",
        evidence: { file: 'raw/logs_tail_quantum_backend.txt', startLine: 62, endLine: 84 },
      },
    ],
    ...parts,
  });
}

/** AI engine: uvicorn access lines, six 404s on POST /api/ai/signal from 172.18.0.29 (lines 1-16). */
export function aiEngineLog(parts: Partial<LogSummary> = {}): LogSummary {
  return base('quantum_ai_engine', {
    events: 198,
    levels: { info: 193, warning: 5 },
    httpStatus: { '200': 5, '404': 6 },
    httpRequests: [
      {
        method: 'POST',
        path: '/api/ai/signal',
        status: 404,
        count: 6,
        clients: ['172.18.0.29'],
        evidence: { file: 'raw/logs_tail_quantum_ai_engine.txt', startLine: 1, endLine: 16 },
      },
      {
        method: 'GET',
        path: '/health',
        status: 200,
        count: 6,
        clients: ['127.0.0.1'],
        evidence: { file: 'raw/logs_tail_quantum_ai_engine.txt', startLine: 40, endLine: 180 },
      },
    ],
    ...parts,
  });
}

/** Trading bot: every AI call answered 404, 97 warnings, each followed by a fallback signal. */
export function tradingBotLog(parts: Partial<LogSummary> = {}): LogSummary {
  return base('quantum_trading_bot', {
    events: 200,
    timestampStyle: 'iso',
    levels: { info: 103, warning: 97 },
    repeated: [
      {
        template:
          '[TRADING-BOT] AI Engine unavailable (HTTP <n>): {"detail":"No signal ' +
          'generated for <sym>"}, using fallback strategy',
        level: 'warning',
        count: 97,
        example:
          '[TRADING-BOT] AI Engine unavailable (HTTP 404): {"detail":"No signal ' +
          'generated for OPUSDT"}, using fallback strategy',
        evidence: { file: 'raw/logs_tail_quantum_trading_bot.txt', startLine: 1, endLine: 1 },
      },
      {
        template: '[TRADING-BOT] 🔄 Fallback signal: <sym> SELL @ $<n> (24h: <n>%, confidence=<n>%)',
        level: 'info',
        count: 97,
        example: '[TRADING-BOT] 🔄 Fallback signal: OPUSDT SELL @ $0.27 (24h: -1.19%, confidence=51%)',
        evidence: { file: 'raw/logs_tail_quantum_trading_bot.txt', startLine: 2, endLine: 2 },
      },
    ],
    ...parts,
  });
}
