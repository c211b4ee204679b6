import { describe, expect, it } from 'vitest';
import { initialConfig } from '../../src/config/initial-config.js';
import { parseConfig } from '../../src/config/parse-config.js';
import { configSchema } from '../../src/config/schema.js';
import { UserError } from '../../src/errors.js';

const file = 'ship.config.json';
const parse = (text: string, overrides = {}) =>
  parseConfig(text, { file, defaultRegion: 'eu-west-1', overrides });

function problem(text: string, overrides = {}): string {
  try {
    parse(text, overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).message;
  }
  throw new Error('expected a UserError');
}

/** Pretty JSON, so fields sit on predictable lines: line 2 is the first field. */
const pretty = (value: unknown) => JSON.stringify(value, null, 2);

describe('parseConfig: defaults', () => {
  it('takes every default from the schema, the one place they are written', () => {
    const config = parse('{ "app": "demo" }').config as unknown as Record<string, unknown>;
    const defaulted = Object.entries(configSchema.properties).filter(([, p]) => 'default' in p);
    expect(defaulted.length).toBeGreaterThan(10);
    for (const [field, p] of defaulted)
      expect([field, config[field]]).toEqual([field, (p as { default: unknown }).default]);
    // `ship init` writes the same values out, so the file shows what ship would use anyway.
    const written = initialConfig({ region: 'eu-west-1', appDir: '.' } as Parameters<
      typeof initialConfig
    >[0]);
    for (const [field, value] of Object.entries(written)) {
      const p = configSchema.properties[field as keyof typeof configSchema.properties];
      // target: init writes "express" for a new app; the default keeps older configs on "service".
      if (p && 'default' in p && field !== 'environment' && field !== 'target')
        expect([field, value]).toEqual([field, p.default]);
      expect(written.target).toBe('express');
    }
  });

  it('fills every default from { "app" } alone', () => {
    expect(parse('{ "app": "demo" }').config).toEqual({
      app: 'demo',
      environment: 'production',
      region: 'eu-west-1',
      // A config from before `target` keeps the service path.
      target: 'service',
      appDir: '.',
      cpu: 256,
      memory: 512,
      platform: 'X86_64',
      port: 8080,
      healthCheckPath: '/healthz',
      desiredCount: 1,
      ingressCidrs: ['0.0.0.0/0'],
      loadBalancer: 'none',
      variables: {},
      secrets: {},
      logRetentionDays: 30,
      keepImages: 20,
      stopTimeout: 30,
    });
  });

  it('lets flags override the file and names the flag as the origin', () => {
    const parsed = parse(pretty({ app: 'demo', cpu: 256, memory: 512 }), {
      cpu: { value: 1024, flag: '--cpu' },
      memory: { value: 2048, flag: '--memory' },
      platform: { value: 'ARM64', flag: '--platform' },
      region: { value: 'us-west-2', flag: '--region' },
      environment: { value: 'beta', flag: '--env' },
    });
    expect(parsed.config).toMatchObject({
      cpu: 1024,
      memory: 2048,
      platform: 'ARM64',
      region: 'us-west-2',
      environment: 'beta',
    });
    expect(parsed.origin('cpu')).toBe('--cpu 1024');
    expect(parsed.origin('app')).toBe('ship.config.json:2');
  });
});

describe('parseConfig: errors name file:line and field', () => {
  it.each([
    [
      'unknown field with a suggestion',
      pretty({ app: 'demo', cpus: 512 }),
      /^ship\.config\.json:3: cpus: unknown field; did you mean "cpu"\?/,
    ],
    ['missing app', pretty({ cpu: 256 }), /^ship\.config\.json:1: missing required field "app"$/],
    [
      'bad app name',
      pretty({ app: 'My App' }),
      /^ship\.config\.json:2: app: must be lowercase letters, digits and single hyphens, starting with a letter, at most 24 characters \(got "My App"\)$/,
    ],
    [
      'cpu not a Fargate value',
      pretty({ app: 'demo', cpu: 300 }),
      /^ship\.config\.json:3: cpu: must be one of 256, 512, 1024, 2048, 4096, 8192, 16384 \(got 300\)$/,
    ],
    [
      'port as a string',
      pretty({ app: 'demo', port: '80' }),
      /^ship\.config\.json:3: port: must be an integer \(got "80"\)$/,
    ],
    [
      'platform',
      pretty({ app: 'demo', platform: 'arm' }),
      /^ship\.config\.json:3: platform: must be one of X86_64, ARM64 \(got "arm"\)$/,
    ],
    [
      'a CIDR in a list',
      pretty({ app: 'demo', ingressCidrs: ['10.0.0.0/8', '1.2.3.4/40'] }),
      /^ship\.config\.json:5: ingressCidrs\[1\]: must be an IPv4 CIDR/,
    ],
    [
      'log retention not offered by CloudWatch',
      pretty({ app: 'demo', logRetentionDays: 10 }),
      /^ship\.config\.json:3: logRetentionDays: must be one of 1, 3, 5, 7, 14, 30/,
    ],
    [
      'an invalid variable name',
      pretty({ app: 'demo', variables: { 'BAD-NAME': 'x' } }),
      /^ship\.config\.json:4: variables\.BAD-NAME: name must be an environment variable name/,
    ],
    [
      'a health path without a slash',
      pretty({ app: 'demo', healthCheckPath: 'healthz' }),
      /^ship\.config\.json:3: healthCheckPath: must be a path starting with \//,
    ],
    [
      'invalid Fargate size from the file',
      pretty({ app: 'demo', cpu: 512, memory: 512 }),
      /^ship\.config\.json:3: cpu 512, memory 512: Fargate allows 1024–4096 MiB with 512 CPU units; nearest: 512\/1024 or 256\/512$/,
    ],
    [
      'HTTPS without a load balancer',
      pretty({
        app: 'demo',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666',
      }),
      /^ship\.config\.json:3: certificateArn: HTTPS needs a load balancer; set "loadBalancer": "alb"$/,
    ],
    [
      'autoscaling min above max and two targets',
      pretty({ app: 'demo', autoscaling: { min: 3, max: 2, cpuTarget: 50, requestsPerTarget: 100 } }),
      /min 3 is above max 2[\s\S]*give exactly one of "cpuTarget"/,
    ],
    [
      'JSON syntax (trailing comma)',
      '{\n  "app": "demo",\n}',
      /^ship\.config\.json:3: invalid JSON: expected a "quoted" field name$/,
    ],
    [
      'JSON syntax (comment)',
      '{\n  // hi\n  "app": "demo"\n}',
      /^ship\.config\.json:2: invalid JSON: comments are not allowed in JSON$/,
    ],
    ['not an object', '[1, 2]', /^ship\.config\.json:1: expected a JSON object/],
  ])('%s', (_what, text, expected) => {
    expect(problem(text)).toMatch(expected);
  });

  it('refuses a secret that is a value, without echoing the value', () => {
    const message = problem(pretty({ app: 'demo', secrets: { DB_PASSWORD: 'hunter2' } }));
    expect(message).toMatch(
      /^ship\.config\.json:4: secrets\.DB_PASSWORD: must be an SSM parameter or Secrets Manager secret ARN/,
    );
    expect(message).not.toContain('hunter2');
  });

  it.each([
    'arn:aws:ssm:us-east-1:123456789012:parameter/demo/db',
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:demo-token-AbCdEf',
  ])('accepts the secret ARN %s', (arn) => {
    expect(parse(pretty({ app: 'demo', secrets: { TOKEN: arn } })).config.secrets).toEqual({ TOKEN: arn });
  });

  it('reports every problem at once', () => {
    const message = problem(pretty({ app: 'demo', port: 0, desiredCount: -1, loadBalancer: 'nlb' }));
    expect(message.split('\n')).toHaveLength(3);
  });

  it('names the flags, not the file, when flags make the size invalid', () => {
    expect(
      problem('{ "app": "demo" }', {
        cpu: { value: 512, flag: '--cpu' },
        memory: { value: 512, flag: '--memory' },
      }),
    ).toBe(
      '--cpu 512 --memory 512: Fargate allows 1024–4096 MiB with 512 CPU units; nearest: 512/1024 or 256/512',
    );
    expect(problem('{ "app": "demo" }', { platform: { value: 'sparc', flag: '--platform' } })).toBe(
      '--platform sparc: must be one of X86_64, ARM64 (got "sparc")',
    );
  });
});

describe('parseConfig: size and schema problems together', () => {
  it('reports an invalid size alongside other problems in one run', () => {
    const message = problem(pretty({ app: 'demo', cpu: 512, memory: 512, port: 0 }));
    expect(message.split('\n')).toEqual([
      'ship.config.json:5: port: must be >= 1 (got 0)',
      'ship.config.json:3: cpu 512, memory 512: Fargate allows 1024–4096 MiB with 512 CPU units; nearest: 512/1024 or 256/512',
    ]);
  });
});

describe('parseConfig: domain', () => {
  it('fills the defaults: production at the apex, environment "production"', () => {
    const { config } = parse(
      pretty({ app: 'shop', loadBalancer: 'alb', domain: { name: 'shop.example.org' } }),
    );
    expect(config.domain).toEqual({
      name: 'shop.example.org',
      production: 'apex',
      productionEnvironment: 'production',
    });
  });

  it.each([
    [
      { name: 'https://example.org' },
      'ship.config.json:5: domain.name: must be a lowercase domain name such as example.com',
    ],
    [{ name: 'example.org.' }, 'domain.name: must be a lowercase domain name'],
    [{ name: '*.example.org' }, 'domain.name: must be a lowercase domain name'],
    [{ name: 'Example.org' }, 'domain.name: must be a lowercase domain name'],
    [{ name: 'localhost' }, 'domain.name: must be a lowercase domain name'],
    [{ name: 'example.org', production: 'root' }, 'domain.production: must be one of apex, www (got "root")'],
    [
      { name: 'example.org', hostedZoneId: '/hostedzone/Z1' },
      'domain.hostedZoneId: must be a Route 53 hosted zone id',
    ],
    [{ name: 'example.org', zone: 'Z1' }, 'domain.zone: unknown field'],
  ])('%j is refused, by line and field', (domain, expected) => {
    expect(problem(pretty({ app: 'shop', loadBalancer: 'alb', domain }))).toContain(expected);
  });

  it('needs the load balancer, and replaces certificateArn', () => {
    expect(problem(pretty({ app: 'shop', domain: { name: 'example.org' } }))).toContain(
      'ship.config.json:3: domain: a domain is served by the load balancer; set "loadBalancer": "alb"',
    );
    expect(
      problem(
        pretty({
          app: 'shop',
          loadBalancer: 'alb',
          certificateArn:
            'arn:aws:acm:us-east-1:123456789012:certificate/0f0f0f0f-0000-4000-8000-000000000001',
          domain: { name: 'example.org' },
        }),
      ),
    ).toContain('certificateArn: with "domain" ship requests and renews the certificate itself');
  });
});

describe('parseConfig: target express', () => {
  it('takes the fields an Express service uses', () => {
    const { config } = parse(
      pretty({ app: 'demo', target: 'express', autoscaling: { min: 1, max: 4, requestsPerTarget: 300 } }),
    );
    expect(config).toMatchObject({ target: 'express', loadBalancer: 'none' });
  });

  it('refuses what Express Mode makes itself, naming the line and what to do', () => {
    const message = problem(
      pretty({
        app: 'demo',
        target: 'express',
        loadBalancer: 'alb',
        certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0abc-12',
        ingressCidrs: ['203.0.113.0/24'],
        desiredCount: 0,
      }),
    );
    expect(message.split('\n')).toEqual([
      'ship.config.json:4: loadBalancer: not with "target": "express" (Express Mode makes and shares its own load balancer); remove it, or set "target": "service"',
      'ship.config.json:5: certificateArn: not with "target": "express" (Express Mode serves HTTPS with its own certificate); remove it, or set "target": "service"',
      `ship.config.json:6: ingressCidrs: not with "target": "express" (an Express service's address is public); remove it, or set "target": "service"`,
      'ship.config.json:9: desiredCount: an Express service runs at least 1 task',
    ]);
    expect(problem(pretty({ app: 'demo', target: 'express', release: { strategy: 'canary' } }))).toBe(
      'ship.config.json:4: release: not with "target": "express" (Express Mode releases with its own canary and alarms); remove it, or set "target": "service"',
    );
    expect(problem(pretty({ app: 'demo', target: 'lambda' }))).toContain(
      'ship.config.json:3: target: must be one of express, service (got "lambda")',
    );
  });
});
