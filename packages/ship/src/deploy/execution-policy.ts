// The task execution role's trust and permissions: what AWS's managed
// AmazonECSTaskExecutionRolePolicy grants, scoped to this app's repository and
// log group (the managed policy allows every repository and log group), plus
// reading exactly the configured secrets. Pure.

export interface ExecutionPolicyInput {
  repositoryArn: string;
  logGroupArn: string;
  /** SSM parameter and Secrets Manager secret ARNs from the config. */
  secretArns: string[];
}

export const executionTrustPolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'ecs-tasks.amazonaws.com' },
      Action: 'sts:AssumeRole',
    },
  ],
};

export function executionPolicy({ repositoryArn, logGroupArn, secretArns }: ExecutionPolicyInput) {
  const statements: Record<string, unknown>[] = [
    // GetAuthorizationToken has no resource-level permissions; AWS requires "*".
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
  ];
  const parameters = secretArns.filter((arn) => arn.split(':')[2] === 'ssm').sort();
  const secrets = secretArns.filter((arn) => arn.split(':')[2] === 'secretsmanager').sort();
  if (parameters.length > 0) {
    statements.push({
      Sid: 'ReadParameters',
      Effect: 'Allow',
      Action: 'ssm:GetParameters',
      Resource: parameters,
    });
  }
  if (secrets.length > 0) {
    statements.push({
      Sid: 'ReadSecrets',
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: secrets,
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** Whether two policy documents say the same (IAM returns them URL-encoded and may reorder keys). */
export function samePolicy(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([x], [y]) => x.localeCompare(y));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
