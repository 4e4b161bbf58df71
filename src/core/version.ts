/** evidex's own version, written into every Audit (kept in step with package.json by a test). */
export const TOOL_VERSION = '0.1.0';
/** Bumped whenever a rule's logic or thresholds change, so diffs can tell rule changes from system changes. */
export const RULES_VERSION = '1';
