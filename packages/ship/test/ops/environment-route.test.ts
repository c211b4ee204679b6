import { describe, expect, it } from 'vitest';
import { type ListenerView, routeStep, vacantMessage } from '../../src/ops/environment-route.js';

const listener = (over: Partial<ListenerView> = {}): ListenerView => ({
  arn: 'l',
  defaultTargetGroupArns: ['tg-production'],
  defaultIsVacant: false,
  rules: [],
  ...over,
});

describe('routeStep', () => {
  it.each([
    [
      'the default environment needs nothing',
      listener(),
      'production',
      'tg-production',
      { action: 'none', why: 'default' },
    ],
    [
      'another environment gets a host rule at the first free priority',
      listener({
        rules: [{ arn: 'r1', priority: 1, hostHeaders: ['beta.*'], targetGroupArns: ['tg-beta'] }],
      }),
      'feature-x',
      'tg-feature-x',
      { action: 'create-rule', priority: 2, hostHeader: 'feature-x.*' },
    ],
    [
      'an existing rule is kept',
      listener({
        rules: [{ arn: 'r1', priority: 1, hostHeaders: ['beta.*'], targetGroupArns: ['tg-beta'] }],
      }),
      'beta',
      'tg-beta',
      { action: 'none', why: 'rule' },
    ],
    [
      'a rule to a recreated target group is fixed',
      listener({ rules: [{ arn: 'r1', priority: 1, hostHeaders: ['beta.*'], targetGroupArns: ['tg-old'] }] }),
      'beta',
      'tg-beta-2',
      { action: 'fix-rule', ruleArn: 'r1' },
    ],
    [
      'a vacant default (its environment was destroyed) is taken',
      listener({ defaultTargetGroupArns: [], defaultIsVacant: true }),
      'production',
      'tg-production-2',
      { action: 'take-default' },
    ],
    [
      'priorities fill gaps',
      listener({
        rules: [
          { arn: 'a', priority: 1, hostHeaders: ['a.*'], targetGroupArns: ['x'] },
          { arn: 'c', priority: 3, hostHeaders: ['c.*'], targetGroupArns: ['y'] },
        ],
      }),
      'b',
      'tg-b',
      { action: 'create-rule', priority: 2, hostHeader: 'b.*' },
    ],
  ])('%s', (_name, view, env, tg, step) => {
    expect(routeStep(view, env, tg)).toEqual(step);
  });

  it('names the vacant response so ship recognises its own', () => {
    expect(vacantMessage).toMatch(/no ship environment/);
  });

  it("with a domain, the rule matches the environment's own host name (production may be the apex)", () => {
    const view = listener({
      defaultTargetGroupArns: ['tg-beta'],
      rules: [{ arn: 'r1', priority: 1, hostHeaders: ['feature-x.*'], targetGroupArns: ['tg-feature-x'] }],
    });
    expect(routeStep(view, 'production', 'tg-production', 'shop.example.org')).toEqual({
      action: 'create-rule',
      priority: 2,
      hostHeader: 'shop.example.org',
    });
    // An environment routed by `<env>.*` before the domain gets a rule for its host name too.
    expect(routeStep(view, 'feature-x', 'tg-feature-x', 'feature-x.shop.example.org')).toMatchObject({
      action: 'create-rule',
      hostHeader: 'feature-x.shop.example.org',
    });
  });
});
