// `ship ci role --repo OWNER/NAME [--branch B]… [--no-pull-requests] [--print]`:
// the IAM role the workflow of `ship ci github` assumes. Trust: GitHub's OIDC
// tokens of that repository, on those branches (and its pull requests).
// Policy: the least `ship deploy` and `ship destroy` need for this app
// (src/ci/deploy-policy.ts). Creates the account's GitHub OIDC provider if
// missing; re-running updates the trust and the policy. --print shows it all as
// JSON and changes nothing.

import { awsContext, explainAwsError } from '../aws/aws-context.js';
import { createRole, ensureOidcProvider, findRole, putInlinePolicy, updateTrustPolicy } from '../aws/iam.js';
import { listHostedZones } from '../aws/route53.js';
import { callerAccount } from '../aws/sts.js';
import { deployPolicy, inlinePolicyLimit } from '../ci/deploy-policy.js';
import {
  checkBranch,
  githubOidcAudience,
  githubOidcHost,
  githubTrustPolicy,
  oidcProviderArn,
  parseRepository,
} from '../ci/github-trust.js';
import { loadConfig } from '../config/load-config.js';
import { chooseHostedZone } from '../deploy/domain-names.js';
import { tagKeys } from '../deploy/naming.js';
import { UserError } from '../errors.js';
import type { CommandIo } from './command-io.js';
import type { CommandArgs, ciRoleFlags } from './index.js';
import { currentBranch, nextSteps } from './service-target.js';

const policyName = 'ship-deploy';

export default async function ciRole(args: CommandArgs<typeof ciRoleFlags>, io: CommandIo): Promise<void> {
  // validate: flags and config before any AWS call
  if (!args.repo) {
    throw new UserError(
      '--repo is required: the GitHub repository whose workflows may assume the role',
      'e.g. `ship ci role --repo my-org/my-app`',
      2,
    );
  }
  const repository = parseRepository(args.repo);
  const given = args.branch;
  const branches = [
    ...new Set(
      (given.length > 0 ? given : [currentBranch(io.cwd, io.env) ?? 'main']).map((b) => checkBranch(b)),
    ),
  ];
  const { config } = await loadConfig(
    { config: args.config, ...(args.region ? { region: args.region } : {}) },
    io.env,
    io.cwd,
  );
  const roleName = args.name ?? `ship-ci-${config.app}`;
  if (!/^[\w+=,.@-]{1,64}$/.test(roleName)) {
    throw new UserError(
      `--name ${JSON.stringify(roleName)}: an IAM role name is 1–64 of letters, digits and +=,.@_-`,
    );
  }
  if (roleName.startsWith(`${config.app}-`)) {
    // The policy lets the role manage roles named <app>-*; it must not be able to change itself.
    throw new UserError(
      `--name ${roleName}: names starting with "${config.app}-" are the app's own roles, which this role may change`,
      `use another name, e.g. --name ship-ci-${config.app}`,
    );
  }
  const context = awsContext({ region: config.region, profile: args.profile }, io.env);
  try {
    const account = await callerAccount(context);
    const trust = githubTrustPolicy({
      ...account,
      repository,
      branches,
      pullRequests: args['pull-requests'] !== false,
    });
    // The role may write records only in the zone that holds the app's domain.
    const domain =
      config.domain && config.loadBalancer === 'alb'
        ? {
            name: config.domain.name,
            hostedZoneId: chooseHostedZone(config.domain, await listHostedZones(context)).id,
          }
        : undefined;
    const policy = deployPolicy({
      ...account,
      region: config.region,
      app: config.app,
      ...(domain ? { domain } : {}),
    });
    const size = JSON.stringify(policy).length;
    if (size > inlinePolicyLimit)
      throw new Error(`deploy policy is ${size} characters; IAM allows ${inlinePolicyLimit}`);
    const tags = { [tagKeys.app]: config.app, [tagKeys.scope]: 'ci' };
    const roleArn = `arn:${account.partition}:iam::${account.accountId}:role/${roleName}`;
    if (args.print) {
      const shown = { roleName, roleArn, tags, trustPolicy: trust, policyName, permissionsPolicy: policy };
      io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
      return;
    }
    const provider = await ensureOidcProvider(context, {
      arn: oidcProviderArn(account),
      url: `https://${githubOidcHost}`,
      audience: githubOidcAudience,
      tags: { [tagKeys.scope]: 'ci' },
    });
    io.stderr.write(
      provider.created
        ? `created the OIDC identity provider ${githubOidcHost}\n`
        : `using the account's OIDC identity provider ${githubOidcHost}\n`,
    );
    if (provider.audienceMissing) {
      io.stderr.write(
        `  warning: its audiences do not include ${githubOidcAudience}; add it in IAM → Identity providers\n`,
      );
    }
    const existing = await findRole(context, roleName);
    if (existing && existing.tags[tagKeys.app] !== config.app) {
      throw new UserError(
        `IAM role ${roleName} exists and ship did not create it for ${config.app} (tag ${tagKeys.app}: ${existing.tags[tagKeys.app] ?? 'none'})`,
        'ship never changes what it did not create: pass --name with another role name',
      );
    }
    if (existing) await updateTrustPolicy(context, roleName, trust);
    else
      await createRole(context, {
        name: roleName,
        trustPolicy: trust,
        description: `ship: GitHub Actions of ${repository.slug} deploy ${config.app}`,
        tags,
      });
    await putInlinePolicy(context, { role: roleName, policy: policyName, document: policy });
    io.stderr.write(
      `${existing ? 'updated' : 'created'} role ${roleName}: ${repository.slug} on ${branches.join(', ')}` +
        `${args['pull-requests'] !== false ? ' and its pull requests' : ''} may deploy and destroy ${config.app}\n`,
    );
    io.stdout.write(`${roleArn}\n`);
    io.stderr.write(nextSteps(`ship ci github --role-arn ${roleArn}`));
  } catch (error) {
    throw explainAwsError(error, context);
  }
}
