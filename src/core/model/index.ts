export * from './evidence.ts';
export * from './host.ts';
export * from './container.ts';
export * from './redis.ts';
export * from './health.ts';
export * from './logs.ts';
export * from './finding.ts';
export * from './audit.ts';
