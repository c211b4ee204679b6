// AWS STS: who ship runs as (account and partition for ARNs).
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type Account, accountFromCallerArn } from '../deploy/naming.js';
import { type AwsContext, clientConfig } from './aws-context.js';

export async function callerAccount(context: AwsContext): Promise<Account> {
  const client = new STSClient(clientConfig(context));
  try {
    const out = await client.send(new GetCallerIdentityCommand({}));
    const account = accountFromCallerArn(out.Arn ?? '');
    return { partition: account.partition, accountId: out.Account ?? account.accountId };
  } finally {
    client.destroy();
  }
}
