// STS (awsQuery): who am I.
import type { ServiceDefinition } from '../server.js';
import type { FakeState } from '../state.js';

export function stsService(state: FakeState): ServiceDefinition {
  return {
    name: 'sts',
    protocol: 'query',
    version: '2011-06-15',
    xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/',
    invalidCode: 'ValidationError',
    throttleCode: 'Throttling',
    handlers: {
      GetCallerIdentity: () => ({
        UserId: 'AIDAFAKEAWS000000TEST',
        Account: state.accountId,
        Arn: `arn:aws:iam::${state.accountId}:user/fake-aws-tester`,
      }),
    },
  };
}
