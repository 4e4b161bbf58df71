// What the docker CLI prints instead of a command's output, which every docker capture may hold
// (regex sources, matched at the start of a line, case-insensitively).

/** Any docker command that cannot reach the daemon (not running, no permission, a dead context). */
export const DAEMON_UNREACHABLE = [
  'Cannot connect to the Docker daemon',
  'permission denied while trying to connect to the Docker daemon',
  'error during connect',
];

/** The daemon refusing a request (no such container, a bad filter, an API version mismatch). */
export const DAEMON_ERROR_RESPONSE = 'Error response from daemon';

/** A shell without the docker CLI: `bash: docker: command not found`. */
export const NO_DOCKER_CLI = '(?:bash|sh|zsh): docker: ';
