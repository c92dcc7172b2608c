import { describe, expect, it } from 'vitest';
import { isContinuousIntegration, requireServer, ServerUnavailableError } from './requireServer';

const down = { reachable: false, reason: 'connect ECONNREFUSED 127.0.0.1:6379' } as const;

describe('requireServer', () => {
  it('lets the suite run when the server answers, under CI or not', () => {
    expect(requireServer('Redis', { reachable: true }, {})).toBe(false);
    expect(requireServer('Redis', { reachable: true }, { CI: 'true' })).toBe(false);
  });

  it('outside CI, skips with a reason that names the server, what failed and the command that starts it', () => {
    expect(requireServer('Redis at redis://127.0.0.1:6379', down, {})).toBe(
      'Redis at redis://127.0.0.1:6379 unavailable (connect ECONNREFUSED 127.0.0.1:6379); start it with scripts/services.sh up',
    );
  });

  it('under CI, fails instead of skipping', () => {
    expect(() => requireServer('Redis', down, { CI: 'true' })).toThrow(ServerUnavailableError);
    expect(() => requireServer('Redis', down, { CI: 'true' })).toThrow(/^Redis unavailable under CI \(connect ECONNREFUSED/);
  });

  it('reads CI the way CI services set it', () => {
    expect(isContinuousIntegration({ CI: 'true' })).toBe(true);
    expect(isContinuousIntegration({ CI: '1' })).toBe(true);
    expect(isContinuousIntegration({ CI: 'false' })).toBe(false);
    expect(isContinuousIntegration({ CI: '0' })).toBe(false);
    expect(isContinuousIntegration({ CI: '' })).toBe(false);
    expect(isContinuousIntegration({})).toBe(false);
  });
});
