// Incident reasoning after the rules run: causes and symptoms, the one finding order, the backlog every view prints.
export * from './cause-order.ts';
export * from './order.ts';
export * from './form.ts';
export * from './backlog.ts';
export * from './log-merge.ts';
export * from './apply.ts';
