/** What a probe of a server (or a program, such as Chromium) found. */
export type ServerProbe = { readonly reachable: true } | { readonly reachable: false; readonly reason: string };

/** The command that installs and starts every server the tests use, on a Debian machine. */
export const START_SERVERS_COMMAND = 'scripts/services.sh up';

/** A suite needs a server that does not answer, where skipping is not allowed (CI). */
export class ServerUnavailableError extends Error {
  override readonly name = 'ServerUnavailableError';
}

/**
 * The one rule for suites that need a real server (PostgreSQL, Redis, Kafka) or program (Chromium).
 * Returns false when it answers, so the suite runs. When it does not: under CI it throws, so the
 * suite fails instead of passing by skipping; elsewhere it returns the skip reason, which names the
 * server and the command that starts it, for the suite to show in its skipped test's name.
 */
export function requireServer(server: string, probe: ServerProbe, env: NodeJS.ProcessEnv = process.env): string | false {
  if (probe.reachable) return false;
  if (isContinuousIntegration(env)) {
    throw new ServerUnavailableError(`${server} unavailable under CI (${probe.reason}); .ci/run starts it with ${START_SERVERS_COMMAND}`);
  }
  return `${server} unavailable (${probe.reason}); start it with ${START_SERVERS_COMMAND}`;
}

/** CI=true (or any value but false/0), as CI services and `.ci/run` set it. */
export function isContinuousIntegration(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}
