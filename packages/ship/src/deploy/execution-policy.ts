// The task execution role's trust and permissions: what AWS's managed
// AmazonECSTaskExecutionRolePolicy grants, scoped to this app's repository and
// log group (the managed policy allows every repository and log group), plus
// reading exactly the configured secrets. Pure.

export interface ExecutionPolicyInput {
  repositoryArn: string;
  logGroupArn: string;
  /**
   * `valueFrom` references from the config: SSM parameter ARNs, and Secrets Manager ARNs that may
   * end in `:json-key:version-stage:version-id` to pick one value out of the secret.
   */
  secretArns: string[];
  /** The customer-managed KMS key the secrets are encrypted with, when it is not AWS's own. */
  secretsKmsKeyArn?: string;
}

/**
 * Only ECS tasks of this account may assume the role: `aws:SourceAccount` keeps another account's
 * ECS from being used as a confused deputy (AWS's recommended trust policy for task roles).
 */
export function executionTrustPolicy(accountId: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'ecs-tasks.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
      },
    ],
  };
}

/**
 * The secret a `valueFrom` reads: a Secrets Manager reference with a JSON key, version stage or
 * version id (`arn:…:secret:db-AbCdEf:password::`) names the secret by its first seven fields.
 * IAM matches the Resource against the secret's ARN, so the suffix must not be in the policy.
 */
export function secretResourceArn(reference: string): string {
  const fields = reference.split(':');
  if (fields[2] !== 'secretsmanager') return reference;
  return fields.slice(0, 7).join(':');
}

export function executionPolicy({
  repositoryArn,
  logGroupArn,
  secretArns,
  secretsKmsKeyArn,
}: ExecutionPolicyInput) {
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
  const parameters = [...new Set(secretArns.filter((arn) => arn.split(':')[2] === 'ssm'))].sort();
  const secrets = [
    ...new Set(secretArns.filter((arn) => arn.split(':')[2] === 'secretsmanager').map(secretResourceArn)),
  ].sort();
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
  const readers = [
    ...(secrets.length > 0 ? ['secretsmanager'] : []),
    ...(parameters.length > 0 ? ['ssm'] : []),
  ];
  if (secretsKmsKeyArn && readers.length > 0) {
    // Decrypt with this key only when Secrets Manager or SSM asks on the task's behalf.
    const region = secretsKmsKeyArn.split(':')[3];
    statements.push({
      Sid: 'DecryptSecrets',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: secretsKmsKeyArn,
      Condition: {
        StringEquals: { 'kms:ViaService': readers.map((service) => `${service}.${region}.amazonaws.com`) },
      },
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
