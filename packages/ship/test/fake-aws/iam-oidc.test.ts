// IAM OpenID Connect providers in the fake, through the real SDK: created,
// read, listed and deleted as IAM does; a trust policy naming a provider that
// does not exist is refused; the answers are walked against the SDK's model.
import * as iam from '@aws-sdk/client-iam';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from './index.js';
import { sdkConfig } from './sdk-config.js';
import { conformance, type RecordingProxy, startRecordingProxy } from './sdk-conformance.js';

let fake: FakeAws;
let proxy: RecordingProxy;
let client: iam.IAMClient;
beforeAll(async () => {
  fake = await startFakeAws();
  proxy = await startRecordingProxy(fake.endpoint);
  client = new iam.IAMClient(sdkConfig({ ...fake, endpoint: proxy.endpoint } as FakeAws, { maxAttempts: 1 }));
});
afterAll(async () => {
  client?.destroy();
  await proxy?.close();
  await fake?.close();
});

const arn = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Federated: arn }, Action: 'sts:AssumeRoleWithWebIdentity' }],
});

it('refuses a role trusting a provider the account does not have', async () => {
  await expect(
    client.send(new iam.CreateRoleCommand({ RoleName: 'ci', AssumeRolePolicyDocument: trust })),
  ).rejects.toMatchObject({
    name: 'MalformedPolicyDocumentException',
    message: expect.stringContaining('Invalid principal in policy'),
  });
});

it('creates, reads, lists and deletes a provider; the role is accepted once it exists', async () => {
  const created = await client.send(
    new iam.CreateOpenIDConnectProviderCommand({
      Url: 'https://token.actions.githubusercontent.com',
      ClientIDList: ['sts.amazonaws.com'],
      Tags: [{ Key: 'ship:scope', Value: 'ci' }],
    }),
  );
  expect(created.OpenIDConnectProviderArn).toBe(arn);
  await expect(
    client.send(
      new iam.CreateOpenIDConnectProviderCommand({ Url: 'https://token.actions.githubusercontent.com' }),
    ),
  ).rejects.toMatchObject({ name: 'EntityAlreadyExistsException' });
  await expect(
    client.send(
      new iam.CreateOpenIDConnectProviderCommand({ Url: 'http://plain.example', ThumbprintList: ['00'] }),
    ),
  ).rejects.toThrow('must begin with https://');
  const read = await client.send(new iam.GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
  expect(read).toMatchObject({
    Url: 'token.actions.githubusercontent.com',
    ClientIDList: ['sts.amazonaws.com'],
  });
  const listed = await client.send(new iam.ListOpenIDConnectProvidersCommand({}));
  expect(listed.OpenIDConnectProviderList).toEqual([{ Arn: arn }]);
  await client.send(new iam.CreateRoleCommand({ RoleName: 'ci', AssumeRolePolicyDocument: trust }));
  await client.send(new iam.DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
  await expect(
    client.send(new iam.GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })),
  ).rejects.toMatchObject({ name: 'NoSuchEntityException' });
});

it('sends only fields the SDK model knows', () => {
  const { problems, checked } = conformance({ iam }, proxy.exchanges);
  expect(problems).toEqual([]);
  expect([...checked].sort()).toEqual([
    'iam.CreateOpenIDConnectProvider',
    'iam.CreateRole',
    'iam.DeleteOpenIDConnectProvider',
    'iam.GetOpenIDConnectProvider',
    'iam.ListOpenIDConnectProviders',
  ]);
});
