import { describe, expect, it } from 'vitest';
import {
  checkEnvironmentName,
  environmentFromBranch,
  maxEnvironmentLength,
} from '../../src/ops/environment-name.js';

describe('environmentFromBranch', () => {
  it.each([
    ['master', 'production'],
    ['main', 'production'],
    ['refs/heads/main', 'production'],
    ['develop', 'beta'],
    ['feature/login-form', 'feature-login-form'],
    ['feature/JIRA-123_Fix', 'feature-jira-123-fix'],
    ['fix//double--dash', 'fix-double-dash'],
    ['-leading/trailing-', 'leading-trailing'],
    ['123-fix', 'fix'],
    ['release/1.2.3', 'release-1-2-3'],
    ['dependabot/npm_and_yarn/x', expect.stringMatching(/^dependabot-np-[0-9a-z]{6}$/)],
  ])('%s → %s', (branch, env) => {
    expect(environmentFromBranch(branch)).toEqual(env);
  });

  it('keeps long names within the limit and tells two long branches apart', () => {
    const a = environmentFromBranch('feature/a-very-long-branch-name-number-one');
    const b = environmentFromBranch('feature/a-very-long-branch-name-number-two');
    expect(a.length).toBeLessThanOrEqual(maxEnvironmentLength);
    expect(b.length).toBeLessThanOrEqual(maxEnvironmentLength);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^feature-a-ver[a-z0-9-]*-[0-9a-z]{6}$/);
    expect(environmentFromBranch('feature/a-very-long-branch-name-number-one')).toBe(a);
  });

  it('every result is a valid environment name', () => {
    for (const branch of ['xy', 'feature/ü-umlaut', 'A'.repeat(300), 'a-'.repeat(40), 'hotfix/#12']) {
      expect(checkEnvironmentName(environmentFromBranch(branch))).toBeTruthy();
    }
  });

  it.each(['///', 'x', '42'])('rejects a branch with nothing usable: %j', (branch) => {
    expect(() => environmentFromBranch(branch)).toThrow(/no usable environment name/);
  });
});

describe('checkEnvironmentName', () => {
  it.each(['production', 'beta', 'feature-x', 'ab', 'pr-12'])('accepts %s', (name) => {
    expect(checkEnvironmentName(name)).toBe(name);
  });
  it.each([
    ['Feature', 'use `--env feature`'],
    ['feature/x', 'use `--env feature-x`'],
    ['-xy', 'use `--env xy`'],
    ['a', 'use `--env beta`'],
    ['1beta', 'use `--env beta`'],
    ['x'.repeat(maxEnvironmentLength + 1), 'use `--env xxxxxxxxxxxxx-'],
  ])('rejects %s with a suggestion', (name, hint) => {
    try {
      checkEnvironmentName(name);
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toContain(`--env ${JSON.stringify(name)}`);
      expect((e as { hint: string }).hint).toContain(hint);
    }
  });
});
