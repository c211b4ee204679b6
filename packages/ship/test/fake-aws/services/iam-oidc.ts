// IAM OpenID Connect identity providers (awsQuery, 2010-05-08), added to the
// IAM service's handlers: Create/Get/List/DeleteOpenIDConnectProvider. And the
// rule AWS applies to trust policies: a `Federated` principal naming an
// oidc-provider of this account that does not exist is rejected
// (MalformedPolicyDocument "Invalid principal in policy"), in CreateRole and
// UpdateAssumeRolePolicy. Sources: IAM API Reference,
// CreateOpenIDConnectProvider (Url https only, ≤255; ClientIDList ≤100;
// ThumbprintList optional, 40 hex characters each; EntityAlreadyExists 409),
// and IAM User Guide "Create a role for OpenID Connect federation".
import { AwsError } from '../errors.js';
import type { Params } from '../params.js';
import type { Handler } from '../server.js';
import { type FakeState, type Tag, tagsFrom } from '../state.js';

export interface OidcProvider {
  arn: string;
  url: string;
  clientIds: string[];
  thumbprints: string[];
  tags: Tag[];
  createdAt: Date;
}

// Kept per account, not per region: IAM is global ([iam-global-names]).
const providers = new WeakMap<FakeState['account'], Map<string, OidcProvider>>();

/** The account's OIDC providers by ARN (for tests and the inventory). */
export function oidcProviders(state: FakeState): Map<string, OidcProvider> {
  let found = providers.get(state.account);
  if (!found) {
    found = new Map();
    providers.set(state.account, found);
  }
  return found;
}

const invalid = (message: string) => new AwsError('ValidationError', message, 400);

function checkTrustPrincipals(state: FakeState, document: string): void {
  let statements: unknown[] = [];
  try {
    const parsed = JSON.parse(document) as { Statement?: unknown };
    statements = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
  } catch {
    return; // the IAM handler reports malformed documents
  }
  const prefix = `arn:aws:iam::${state.accountId}:oidc-provider/`;
  for (const statement of statements) {
    const federated = (statement as { Principal?: { Federated?: unknown } })?.Principal?.Federated;
    for (const principal of [federated].flat()) {
      if (typeof principal === 'string' && principal.startsWith(prefix)) {
        if (!oidcProviders(state).has(principal)) {
          throw new AwsError(
            'MalformedPolicyDocument',
            `Invalid principal in policy: "Federated":"${principal}"`,
          );
        }
      }
    }
  }
}

export function oidcHandlers(state: FakeState, iam: Record<string, Handler>): Record<string, Handler> {
  const providerOf = (p: Params): OidcProvider => {
    const arn = p.str('OpenIDConnectProviderArn');
    const found = oidcProviders(state).get(arn);
    if (!found) throw new AwsError('NoSuchEntity', `OpenIDConnect Provider not found for arn ${arn}`, 404);
    return found;
  };
  const checked =
    (name: 'CreateRole' | 'UpdateAssumeRolePolicy', field: string): Handler =>
    (p) => {
      const document = p.optStr(field);
      if (document) checkTrustPrincipals(state, document);
      const handler = iam[name];
      if (!handler) throw new Error(`fake IAM has no ${name}`);
      return handler(p);
    };
  return {
    CreateRole: checked('CreateRole', 'AssumeRolePolicyDocument'),
    UpdateAssumeRolePolicy: checked('UpdateAssumeRolePolicy', 'PolicyDocument'),
    CreateOpenIDConnectProvider: (p) => {
      const url = p.str('Url');
      if (!/^https:\/\/[^\s/]+(\/\S*)?$/.test(url) || url.length > 255) {
        throw invalid(`Url ${url}: the provider URL must begin with https:// and be at most 255 characters`);
      }
      const clientIds = p.strs('ClientIDList');
      const thumbprints = p.strs('ThumbprintList');
      if (thumbprints.some((t) => !/^[0-9A-Fa-f]{40}$/.test(t))) {
        throw invalid('ThumbprintList: each thumbprint is 40 hexadecimal characters');
      }
      const host = url.slice('https://'.length).replace(/\/$/, '');
      const arn = `arn:aws:iam::${state.accountId}:oidc-provider/${host}`;
      if (oidcProviders(state).has(arn)) {
        throw new AwsError('EntityAlreadyExists', `Provider with url ${url} already exists.`, 409);
      }
      const tags = tagsFrom(p.list('Tags').map((t) => ({ key: t.optStr('Key'), value: t.optStr('Value') })));
      oidcProviders(state).set(arn, { arn, url, clientIds, thumbprints, tags, createdAt: new Date() });
      return { OpenIDConnectProviderArn: arn, Tags: tags.map((t) => ({ Key: t.key, Value: t.value })) };
    },
    GetOpenIDConnectProvider: (p) => {
      const found = providerOf(p);
      return {
        Url: found.url.slice('https://'.length),
        ClientIDList: found.clientIds,
        ThumbprintList: found.thumbprints,
        CreateDate: found.createdAt,
        Tags: found.tags.map((t) => ({ Key: t.key, Value: t.value })),
      };
    },
    ListOpenIDConnectProviders: () => ({
      OpenIDConnectProviderList: [...oidcProviders(state).keys()].map((arn) => ({ Arn: arn })),
    }),
    DeleteOpenIDConnectProvider: (p) => {
      oidcProviders(state).delete(providerOf(p).arn);
      return {};
    },
  };
}
