import type { Container, ContainerInspect, PortBinding } from '../../../src/core/model/container.ts';
import { makeContainer, makeInspect } from '../../helpers/audit-builder.ts';

// The fleet of evidence/quantum-trader-2025-12-24/raw: docker_ps.txt rows (line numbers as in the
// file) and the facts of the five inspect_*.json files the rules read. Generated from the files with
// a one-off script; secret env values are left out (only LOG_LEVEL-style and MODE entries are kept,
// at their real index in Config.Env).

/** Capture time the assembler estimates for the sample (newest health body timestamp). */
export const SAMPLE_CAPTURED_AT = '2025-12-24T04:56:41.856Z';
/** `up 6 days, 12:34`. */
export const SAMPLE_HOST_UPTIME = 6 * 86400 + 12 * 3600 + 34 * 60;

type Port = [string, number, number, string];
// line, name, image, status, statusAgeSeconds, health, ports [hostIp, hostPort, containerPort, proto]
const PS: Array<[number, string, string, string, number, 'healthy' | 'unhealthy' | 'none', Port[]]> = [
  [
    2,
    'quantum_trading_bot',
    'quantum_trading_bot:latest',
    'Up 26 minutes (healthy)',
    1560,
    'healthy',
    [
      ['0.0.0.0', 8003, 8003, 'tcp'],
      ['::', 8003, 8003, 'tcp'],
    ],
  ],
  [3, 'quantum_market_publisher', 'quantum_trader-market-publisher', 'Up 6 minutes (healthy)', 360, 'healthy', []],
  [
    4,
    'quantum_portfolio_intelligence',
    'quantum_trader-portfolio-intelligence',
    'Up 2 hours (healthy)',
    7200,
    'healthy',
    [
      ['0.0.0.0', 8004, 8004, 'tcp'],
      ['::', 8004, 8004, 'tcp'],
    ],
  ],
  [
    5,
    'quantum_backend',
    'quantum_trader-backend',
    'Up 5 minutes (healthy)',
    300,
    'healthy',
    [
      ['0.0.0.0', 8000, 8000, 'tcp'],
      ['::', 8000, 8000, 'tcp'],
    ],
  ],
  [
    6,
    'quantum_ai_engine',
    'quantum_trader-ai-engine',
    'Up 39 minutes (healthy)',
    2340,
    'healthy',
    [
      ['0.0.0.0', 8001, 8001, 'tcp'],
      ['::', 8001, 8001, 'tcp'],
    ],
  ],
  [
    7,
    'quantum_risk_safety',
    'quantum_trader-risk-safety',
    'Up 2 hours (healthy)',
    7200,
    'healthy',
    [
      ['0.0.0.0', 8005, 8005, 'tcp'],
      ['::', 8005, 8005, 'tcp'],
    ],
  ],
  [
    8,
    'quantum_redis',
    'redis:7-alpine',
    'Up 2 hours (healthy)',
    7200,
    'healthy',
    [
      ['0.0.0.0', 6379, 6379, 'tcp'],
      ['::', 6379, 6379, 'tcp'],
    ],
  ],
  [9, 'quantum_position_monitor', 'quantum_position_monitor', 'Up 2 hours', 7200, 'none', []],
  [10, 'quantum_cross_exchange', 'quantum_cross_exchange:latest', 'Up 2 hours', 7200, 'none', []],
  [
    11,
    'quantum_model_supervisor',
    'quantum_trader-model-supervisor',
    'Up 2 hours (healthy)',
    7200,
    'healthy',
    [
      ['0.0.0.0', 8007, 8007, 'tcp'],
      ['::', 8007, 8007, 'tcp'],
    ],
  ],
  [
    12,
    'quantum_universe_os',
    'quantum_trader-universe-os',
    'Up 2 hours (healthy)',
    7200,
    'healthy',
    [
      ['0.0.0.0', 8006, 8006, 'tcp'],
      ['::', 8006, 8006, 'tcp'],
    ],
  ],
  [
    13,
    'quantum_pil',
    'quantum_trader-pil',
    'Up 2 hours (healthy)',
    7200,
    'healthy',
    [
      ['0.0.0.0', 8013, 8013, 'tcp'],
      ['::', 8013, 8013, 'tcp'],
    ],
  ],
  [
    14,
    'quantum_strategy_brain',
    'quantum_trader-strategy-brain',
    'Up 2 hours (healthy)',
    7200,
    'healthy',
    [
      ['0.0.0.0', 8011, 8011, 'tcp'],
      ['::', 8011, 8011, 'tcp'],
    ],
  ],
  [
    15,
    'quantum_risk_brain',
    'quantum_trader-risk-brain',
    'Up 2 hours (healthy)',
    7200,
    'healthy',
    [
      ['0.0.0.0', 8012, 8012, 'tcp'],
      ['::', 8012, 8012, 'tcp'],
    ],
  ],
  [
    16,
    'quantum_ceo_brain',
    'quantum_trader-ceo-brain',
    'Up 2 hours (healthy)',
    7200,
    'healthy',
    [
      ['0.0.0.0', 8010, 8010, 'tcp'],
      ['::', 8010, 8010, 'tcp'],
    ],
  ],
  [17, 'quantum_model_federation', 'quantum_trader-model-federation', 'Up 2 hours', 7200, 'none', []],
  [
    18,
    'quantum_governance_dashboard',
    'quantum_trader-governance-dashboard',
    'Up 2 hours (healthy)',
    7200,
    'healthy',
    [
      ['0.0.0.0', 8501, 8501, 'tcp'],
      ['::', 8501, 8501, 'tcp'],
    ],
  ],
  [19, 'quantum_strategic_evolution', 'quantum_strategic_evolution', 'Up 2 hours', 7200, 'none', []],
  [20, 'quantum_eventbus_bridge', 'quantum_eventbus_bridge', 'Up 2 hours', 7200, 'none', []],
  [21, 'quantum_federation_stub', 'quantum_trader-federation-stub', 'Up 2 hours (healthy)', 7200, 'healthy', []],
  [22, 'quantum_policy_memory', 'quantum_trader-quantum-policy-memory', 'Up 2 hours (healthy)', 7200, 'healthy', []],
  [23, 'quantum_strategy_evolution', 'quantum_trader-strategy-evolution', 'Up 2 hours (healthy)', 7200, 'healthy', []],
  [24, 'quantum_strategy_evaluator', 'quantum_trader-strategy-evaluator', 'Up 2 hours (healthy)', 7200, 'healthy', []],
  [25, 'quantum_rl_optimizer', 'quantum_trader-rl-optimizer', 'Up 2 hours (healthy)', 7200, 'healthy', []],
  [26, 'quantum_trade_journal', 'quantum_trader-trade-journal', 'Up 2 hours (healthy)', 7200, 'healthy', []],
  [27, 'quantum_governance_alerts', 'quantum_trader-governance-alerts', 'Up 2 hours (healthy)', 7200, 'healthy', []],
  [28, 'quantum_clm', 'quantum_trader-clm', 'Up 2 hours', 7200, 'none', []],
  [
    29,
    'quantum_dashboard',
    'quantum_dashboard:latest',
    'Up 2 hours',
    7200,
    'none',
    [
      ['0.0.0.0', 8080, 8080, 'tcp'],
      ['::', 8080, 8080, 'tcp'],
    ],
  ],
  [
    30,
    'quantum_nginx',
    'nginx:alpine',
    'Up 2 hours (unhealthy)',
    7200,
    'unhealthy',
    [
      ['127.0.0.1', 80, 80, 'tcp'],
      ['127.0.0.1', 443, 443, 'tcp'],
    ],
  ],
  [
    31,
    'quantum_postgres',
    'postgres:15-alpine',
    'Up 2 hours (healthy)',
    7200,
    'healthy',
    [['127.0.0.1', 5432, 5432, 'tcp']],
  ],
  [
    32,
    'quantum_alertmanager',
    'prom/alertmanager:v0.26.0',
    'Up 2 hours',
    7200,
    'none',
    [['127.0.0.1', 9093, 9093, 'tcp']],
  ],
  [
    33,
    'quantum_grafana',
    'grafana/grafana:10.2.3',
    'Up 2 hours (healthy)',
    7200,
    'healthy',
    [['127.0.0.1', 3001, 3000, 'tcp']],
  ],
  [
    34,
    'quantum_prometheus',
    'prom/prometheus:v2.48.1',
    'Up 2 hours (healthy)',
    7200,
    'healthy',
    [['127.0.0.1', 9090, 9090, 'tcp']],
  ],
];

const INSPECT: Record<
  string,
  {
    lines: number;
    startedAt: string;
    ip: string;
    envCount: number;
    env: Array<[number, string, string]>;
    ports: Port[];
  }
> = {
  quantum_ai_engine: {
    lines: 371,
    startedAt: '2025-12-24T04:15:24.804919878Z',
    ip: '172.18.0.6',
    envCount: 20,
    env: [],
    ports: [
      ['0.0.0.0', 8001, 8001, 'tcp'],
      ['::', 8001, 8001, 'tcp'],
    ],
  },
  quantum_backend: {
    lines: 419,
    startedAt: '2025-12-24T04:49:54.257736631Z',
    ip: '172.18.0.16',
    envCount: 93,
    env: [
      [19, 'QT_LOG_LEVEL', 'DEBUG'],
      [32, 'LOG_LEVEL', 'DEBUG'],
      [92, 'MODE', 'prod'],
    ],
    ports: [
      ['0.0.0.0', 8000, 8000, 'tcp'],
      ['::', 8000, 8000, 'tcp'],
    ],
  },
  quantum_redis: {
    lines: 317,
    startedAt: '2025-12-24T02:33:50.468561202Z',
    ip: '172.18.0.25',
    envCount: 5,
    env: [],
    ports: [
      ['0.0.0.0', 6379, 6379, 'tcp'],
      ['::', 6379, 6379, 'tcp'],
    ],
  },
  quantum_risk_safety: {
    lines: 336,
    startedAt: '2025-12-24T02:33:50.234419683Z',
    ip: '172.18.0.13',
    envCount: 18,
    env: [],
    ports: [
      ['0.0.0.0', 8005, 8005, 'tcp'],
      ['::', 8005, 8005, 'tcp'],
    ],
  },
  quantum_trading_bot: {
    lines: 283,
    startedAt: '2025-12-24T04:29:06.098376518Z',
    ip: '172.18.0.29',
    envCount: 10,
    env: [],
    ports: [
      ['0.0.0.0', 8003, 8003, 'tcp'],
      ['::', 8003, 8003, 'tcp'],
    ],
  },
};

const toPorts = (ports: Port[]): PortBinding[] =>
  ports.map(([hostIp, hostPort, containerPort, protocol]) => ({ hostIp, hostPort, containerPort, protocol }));

/** The sample's inspect record for `name` (memory limit 0, no restarts, like the real files). */
export function sampleInspect(name: string, parts: Partial<ContainerInspect> = {}): ContainerInspect {
  const i = INSPECT[name];
  if (i === undefined) throw new Error(`${name} was not inspected in the sample`);
  const env = Array.from({ length: i.envCount }, (_, k) => ({ name: `VAR_${k}`, value: 'x' }));
  for (const [k, n, v] of i.env) env[k] = { name: n, value: v };
  return makeInspect(name, {
    image: PS.find((r) => r[1] === name)?.[2] ?? name,
    health: 'healthy',
    startedAt: i.startedAt,
    restartPolicy: 'unless-stopped',
    ports: toPorts(i.ports),
    networks: [{ name: 'quantum_trader_quantum_trader', ip: i.ip }],
    env,
    labels: { 'com.docker.compose.project.config_files': '/home/qt/quantum_trader/docker-compose.yml' },
    evidence: { file: `raw/inspect_${name}.json`, startLine: 1, endLine: i.lines, pointer: '/0' },
    ...parts,
  });
}

/** Every container of the sample as the assembler joins them: ps row, plus inspect where captured. */
export function sampleFleet(): Container[] {
  return PS.map(([line, name, image, status, age, health, ports]) => {
    const c = makeContainer(name, {
      image,
      status,
      statusAgeSeconds: age,
      health,
      ports: toPorts(ports),
      evidence: [{ file: 'raw/docker_ps.txt', startLine: line, endLine: line }],
    });
    if (INSPECT[name] !== undefined) {
      c.inspect = sampleInspect(name);
      c.ports = c.inspect.ports;
      c.evidence.push(c.inspect.evidence);
    }
    return c;
  });
}
