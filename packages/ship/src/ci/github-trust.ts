// Who may assume the CI role: GitHub Actions runs of one repository, on the
// branches given (and, with pull requests on, that repository's pull request
// runs). Pure. GitHub's OIDC token says which run it is in its `sub` claim:
//   push to a branch   repo:OWNER/REPO:ref:refs/heads/BRANCH
//   pull_request event repo:OWNER/REPO:pull_request
// Repositories with immutable subject claims (GitHub, 2026) write
// `OWNER@ORG_ID/REPO@REPO_ID` instead of `OWNER/REPO`: pass the repository
// in that form and the trust uses it as given. The audience is sts.amazonaws.com,
// the default of aws-actions/configure-aws-credentials. Conditions use
// StringEquals (exact claims), never a wildcard that another repository's
// name could match.

import type { Account } from '../deploy/naming.js';
import { UserError } from '../errors.js';
import type { PolicyDocument } from './deploy-policy.js';

export const githubOidcHost = 'token.actions.githubusercontent.com';
export const githubOidcAudience = 'sts.amazonaws.com';

export interface GithubRepository {
  /** As given: `owner/name` or `owner@id/name@id`. */
  slug: string;
  owner: string;
  name: string;
}

// GitHub: owner 1–39 of [A-Za-z0-9-]; repository 1–100 of [A-Za-z0-9._-].
const repositoryPattern = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))(@\d+)?\/([A-Za-z0-9._-]{1,100})(@\d+)?$/;

/** Parses `--repo`; the error names the flag and the form expected. */
export function parseRepository(raw: string, flag = '--repo'): GithubRepository {
  const match = repositoryPattern.exec(raw.trim());
  if (!match || match[3] === '.' || match[3] === '..' || Boolean(match[2]) !== Boolean(match[4])) {
    throw new UserError(
      `${flag} ${JSON.stringify(raw)}: expected a GitHub repository as OWNER/NAME (or OWNER@ID/NAME@ID with immutable subject claims)`,
      `e.g. ${flag} my-org/my-app`,
    );
  }
  return { slug: raw.trim(), owner: match[1]!, name: match[3]! };
}

/** A branch name as git allows it in a ref (no spaces, `..`, `~^:?*[\\`, control characters). */
export function checkBranch(branch: string, flag = '--branch'): string {
  const invalid =
    branch.length === 0 ||
    branch.startsWith('-') ||
    branch.startsWith('/') ||
    branch.endsWith('/') ||
    branch.endsWith('.lock') ||
    branch.includes('..') ||
    branch.includes('//') ||
    branch.includes('@{') ||
    /[\s~^:?*[\\]/.test(branch) ||
    [...branch].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  if (invalid) {
    throw new UserError(`${flag} ${JSON.stringify(branch)}: not a git branch name`, `e.g. ${flag} main`);
  }
  return branch.replace(/^refs\/heads\//, '');
}

export interface TrustInput extends Account {
  repository: GithubRepository;
  branches: string[];
  pullRequests: boolean;
}

export function githubSubjects({ repository, branches, pullRequests }: TrustInput): string[] {
  const subjects = branches.map((b) => `repo:${repository.slug}:ref:refs/heads/${b}`);
  if (pullRequests) subjects.push(`repo:${repository.slug}:pull_request`);
  return subjects;
}

export function oidcProviderArn({ partition, accountId }: Account): string {
  return `arn:${partition}:iam::${accountId}:oidc-provider/${githubOidcHost}`;
}

export function githubTrustPolicy(input: TrustInput): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'GithubActions',
        Effect: 'Allow',
        Principal: { Federated: oidcProviderArn(input) },
        Action: ['sts:AssumeRoleWithWebIdentity'],
        Condition: {
          StringEquals: {
            [`${githubOidcHost}:aud`]: githubOidcAudience,
            [`${githubOidcHost}:sub`]: githubSubjects(input),
          },
        },
      },
    ],
  };
}
