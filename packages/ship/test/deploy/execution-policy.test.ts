import { describe, expect, it } from 'vitest';
import {
  executionPolicy,
  executionTrustPolicy,
  samePolicy,
  secretResourceArn,
} from '../../src/deploy/execution-policy.js';

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

describe('secrets with a JSON key, version stage or id', () => {
  const secret = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf';
  it.each([
    [secret, secret],
    [`${secret}:password::`, secret],
    [`${secret}:password:AWSPREVIOUS:`, secret],
    [`${secret}::AWSCURRENT:`, secret],
    [
      'arn:aws:ssm:us-east-1:123456789012:parameter/db/password',
      'arn:aws:ssm:us-east-1:123456789012:parameter/db/password',
    ],
  ])('%s reads %s', (reference, arn) => expect(secretResourceArn(reference)).toBe(arn));

  it('grants the secret’s ARN, once, however many keys of it the config reads', () => {
    const policy = executionPolicy({
      repositoryArn,
      logGroupArn,
      secretArns: [`${secret}:password::`, `${secret}:username::`],
    });
    expect(policy.Statement.slice(3)).toEqual([
      { Sid: 'ReadSecrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: [secret] },
    ]);
  });

  it('lets the role decrypt with a customer-managed key, only through the services that hold secrets', () => {
    const key = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const withSecret = executionPolicy({
      repositoryArn,
      logGroupArn,
      secretArns: [secret],
      secretsKmsKeyArn: key,
    });
    expect(withSecret.Statement.at(-1)).toEqual({
      Sid: 'DecryptSecrets',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: key,
      Condition: { StringEquals: { 'kms:ViaService': ['secretsmanager.us-east-1.amazonaws.com'] } },
    });
    const none = executionPolicy({ repositoryArn, logGroupArn, secretArns: [], secretsKmsKeyArn: key });
    expect(none.Statement.some((s) => s.Sid === 'DecryptSecrets')).toBe(false);
    const noKey = executionPolicy({ repositoryArn, logGroupArn, secretArns: [secret] });
    expect(JSON.stringify(noKey)).not.toContain('kms:');
  });
});

describe('executionTrustPolicy', () => {
  it('lets only ECS tasks of this account assume the role (aws:SourceAccount)', () => {
    expect(executionTrustPolicy('123456789012').Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'ecs-tasks.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
      },
    ]);
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
