import { describe, expect, it } from 'vitest';
import { executionPolicy, samePolicy } from '../../src/deploy/execution-policy.js';

const repositoryArn = 'arn:aws:ecr:us-east-1:123456789012:repository/demo';
const logGroupArn = 'arn:aws:logs:us-east-1:123456789012:log-group:/ship/demo/production';

describe('executionPolicy', () => {
  it('scopes image pulls to the repository and log writes to the log group', () => {
    const policy = executionPolicy({ repositoryArn, logGroupArn, secretArns: [] });
    expect(policy.Statement).toEqual([
      { Sid: 'RegistryLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
      {
        Sid: 'PullAppImage',
        Effect: 'Allow',
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
        Resource: repositoryArn,
      },
      {
        Sid: 'WriteAppLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: `${logGroupArn}:log-stream:*`,
      },
    ]);
  });

  it('adds exactly the configured secrets, by service', () => {
    const ssm = 'arn:aws:ssm:us-east-1:123456789012:parameter/demo/db';
    const sm = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:demo-AbCdEf';
    const policy = executionPolicy({ repositoryArn, logGroupArn, secretArns: [sm, ssm] });
    expect(policy.Statement.slice(3)).toEqual([
      { Sid: 'ReadParameters', Effect: 'Allow', Action: 'ssm:GetParameters', Resource: [ssm] },
      { Sid: 'ReadSecrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: [sm] },
    ]);
  });

  it('grants "*" only where AWS offers no resource scope', () => {
    const policy = executionPolicy({ repositoryArn, logGroupArn, secretArns: [] });
    const wildcards = policy.Statement.filter((s) => s.Resource === '*').map((s) => s.Action);
    expect(wildcards).toEqual(['ecr:GetAuthorizationToken']);
  });
});

describe('samePolicy', () => {
  it.each([
    [{ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }, true],
    [{ a: 1, b: [1, 2] }, { a: 1, b: [2, 1] }, false],
    [{ a: 1 }, { a: '1' }, false],
  ])('%j vs %j → %s', (a, b, same) => {
    expect(samePolicy(a, b)).toBe(same);
  });
});
