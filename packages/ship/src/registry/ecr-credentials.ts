// Amazon ECR: registries take basic auth with user "AWS" and a 12-hour token from
// GetAuthorizationToken, which the AWS SDK signs with the standard credential chain.
import { awsContext } from '../aws/aws-context.js';
import { registryLogin } from '../aws/ecr.js';
import { UserError } from '../errors.js';
import type { BasicCredentials } from './credentials.js';

export async function ecrAuthorization(options: {
  region: string;
  profile?: string;
}): Promise<BasicCredentials> {
  try {
    return await registryLogin(awsContext(options));
  } catch (error) {
    if (error instanceof UserError) throw error;
    const name = (error as { name?: string }).name ?? 'Error';
    const message = (error as { message?: string }).message ?? String(error);
    if (name === 'CredentialsProviderError') {
      throw new UserError(
        `no AWS credentials to log in to Amazon ECR: ${message}`,
        'set AWS_PROFILE (or --profile), or run `aws configure` / `aws sso login`',
      );
    }
    throw new UserError(
      `Amazon ECR GetAuthorizationToken failed in ${options.region}: ${name}: ${message}`,
      'check the AWS credentials allow ecr:GetAuthorizationToken',
    );
  }
}
