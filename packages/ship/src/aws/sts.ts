// AWS STS: who ship runs as (account and partition for ARNs).
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type Account, accountFromCallerArn } from '../deploy/naming.js';
import { type AwsContext, serviceClient } from './aws-context.js';

export async function callerAccount(context: AwsContext): Promise<Account> {
  const out = await serviceClient(context, STSClient).send(new GetCallerIdentityCommand({}));
  const account = accountFromCallerArn(out.Arn ?? '');
  return { partition: account.partition, accountId: out.Account ?? account.accountId };
}
