// Amazon ECR: registries take basic auth with user "AWS" and a 12-hour token from
// GetAuthorizationToken, which the AWS SDK signs with the standard credential chain.
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { UserError } from '../errors.js';
import type { BasicCredentials } from './credentials.js';

export async function ecrAuthorization(options: {
  region: string;
  profile?: string;
}): Promise<BasicCredentials> {
  const client = new ECRClient({
    region: options.region,
    credentials: fromNodeProviderChain(options.profile ? { profile: options.profile } : {}),
  });
  try {
    const out = await client.send(new GetAuthorizationTokenCommand({}));
    const token = out.authorizationData?.[0]?.authorizationToken;
    if (!token) throw new UserError('Amazon ECR returned no authorization token');
    const decoded = Buffer.from(token, 'base64').toString();
    const colon = decoded.indexOf(':');
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
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
  } finally {
    client.destroy();
  }
}
