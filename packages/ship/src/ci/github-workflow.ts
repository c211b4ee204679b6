// The GitHub Actions workflow `ship ci github` writes. Pure: options in, YAML
// text out. What it does:
//   push to the default branch  → `ship deploy` to that branch's environment
//   pull request opened/updated → `ship deploy --env pr-N`, URL posted (and
//                                 kept up to date) in one comment on the PR
//   pull request closed         → `ship destroy --env pr-N`
// Security, by default: credentials only from GitHub's OIDC token through
// aws-actions/configure-aws-credentials (no stored keys); `permissions: {}` at
// the top and each job asks for what it uses (`id-token: write` to get the
// token, `pull-requests: write` only where it comments); pull requests from
// forks get no deploy (GitHub gives them no OIDC token anyway); event data
// reaches scripts through `env`, never `${{ }}` inside `run` (script
// injection); the closing job runs the base branch's code, not the PR's.
// One concurrency group per environment, never cancelled mid-deploy, so a
// destroy waits for a running preview deploy.
import { Document } from 'yaml';

export interface WorkflowOptions {
  app: string;
  region: string;
  /** The branch whose pushes deploy, e.g. main. */
  branch: string;
  /** The environment that branch deploys to (ship's branch rule: main → production). */
  environment: string;
  /** The role to assume; without it the workflow reads the repository variable SHIP_ROLE_ARN. */
  roleArn?: string;
  /** Where ship runs, relative to the repository root ('.' for the root). */
  workingDirectory: string;
  /** The config file relative to workingDirectory, when not ship.config.json. */
  configFile?: string;
  nodeVersion?: string;
}

export const workflowPath = '.github/workflows/ship.yml';
export const roleVariable = 'SHIP_ROLE_ARN';
export const previewPrefix = 'pr-';

// Major versions of the actions used; each is maintained by GitHub or AWS.
const actions = {
  checkout: 'actions/checkout@v5',
  setupNode: 'actions/setup-node@v5',
  awsCredentials: 'aws-actions/configure-aws-credentials@v6',
  githubScript: 'actions/github-script@v8',
};

const commentMarker = '<!-- ship-preview -->';

/** A GitHub Actions expression, `${{ … }}`. */
const expr = (expression: string) => `\${{ ${expression} }}`;

export function githubWorkflow(options: WorkflowOptions): string {
  const dir = options.workingDirectory === '' ? '.' : options.workingDirectory;
  const configFlag = options.configFile ? ` --config ${shellWord(options.configFile)}` : '';
  const ship = (args: string) => `npx --no-install ship ${args}${configFlag}`;
  const setup = (ref?: string) => [
    { uses: actions.checkout, ...(ref ? { with: { ref } } : {}) },
    { uses: actions.setupNode, with: { 'node-version': options.nodeVersion ?? '20', cache: 'npm' } },
    { run: 'npm ci' },
    {
      uses: actions.awsCredentials,
      with: {
        'role-to-assume': options.roleArn ?? `\${{ vars.${roleVariable} }}`,
        'aws-region': options.region,
        'role-session-name': `ship-${options.app}-\${{ github.run_id }}`,
      },
    },
  ];
  const previewEnv = `${previewPrefix}\${PR_NUMBER}`;
  const prNumber = { PR_NUMBER: expr('github.event.pull_request.number') };
  const sameRepository = 'github.event.pull_request.head.repo.full_name == github.repository';
  // A preview's jobs: same-repository pull requests only, allowed to comment, one group per PR.
  const pullRequestJob = (name: string, when: string) => ({
    name,
    if: `github.event_name == 'pull_request' && ${when} && ${sameRepository}`,
    'runs-on': 'ubuntu-latest',
    'timeout-minutes': 30,
    permissions: { contents: 'read', 'id-token': 'write', 'pull-requests': 'write' },
    concurrency: {
      group: `ship-${options.app}-${previewPrefix}${expr('github.event.pull_request.number')}`,
      'cancel-in-progress': false,
    },
  });

  const workflow = {
    name: `ship ${options.app}`,
    on: {
      push: { branches: [options.branch] },
      pull_request: { types: ['opened', 'synchronize', 'reopened', 'closed'] },
    },
    permissions: {},
    defaults: { run: { shell: 'bash', 'working-directory': dir } },
    jobs: {
      deploy: {
        name: `deploy ${options.environment}`,
        if: "github.event_name == 'push'",
        'runs-on': 'ubuntu-latest',
        'timeout-minutes': 30,
        permissions: { contents: 'read', 'id-token': 'write' },
        concurrency: { group: `ship-${options.app}-${options.environment}`, 'cancel-in-progress': false },
        steps: [...setup(), { run: ship(`deploy --env ${options.environment} --yes`) }],
      },
      preview: {
        ...pullRequestJob('deploy preview', "github.event.action != 'closed'"),
        steps: [
          ...setup(),
          {
            id: 'deploy',
            env: prNumber,
            run: [
              `${ship(`deploy --env "${previewEnv}" --yes --json`)} | tee "$RUNNER_TEMP/ship-deploy.json"`,
              `url=$(node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(r.url ?? "")' "$RUNNER_TEMP/ship-deploy.json")`,
              'echo "url=$url" >> "$GITHUB_OUTPUT"',
            ].join('\n'),
          },
          {
            name: 'comment the preview URL',
            uses: actions.githubScript,
            env: {
              ...prNumber,
              PREVIEW_URL: expr('steps.deploy.outputs.url'),
              HEAD_SHA: expr('github.event.pull_request.head.sha'),
            },
            with: {
              script: commentScript([
                'const sha = process.env.HEAD_SHA.slice(0, 7);',
                "const url = process.env.PREVIEW_URL || '(no public address: see the deploy log)';",
                `const text = \`Preview of \${sha}: \${url}\\n\\nEnvironment ${previewPrefix}\${process.env.PR_NUMBER}, destroyed when this pull request closes.\`;`,
              ]),
            },
          },
        ],
      },
      cleanup: {
        ...pullRequestJob('destroy preview', "github.event.action == 'closed'"),
        steps: [
          ...setup(expr('github.event.pull_request.base.ref')),
          { env: prNumber, run: ship(`destroy --env "${previewEnv}" --yes`) },
          {
            name: 'say so on the pull request',
            uses: actions.githubScript,
            env: prNumber,
            with: {
              script: commentScript([
                `const text = \`Preview environment ${previewPrefix}\${process.env.PR_NUMBER} destroyed.\`;`,
              ]),
            },
          },
        ],
      },
    },
  };
  // No YAML anchors for repeated objects: plain blocks read more easily in a workflow.
  const doc = new Document(workflow, { aliasDuplicateObjects: false });
  doc.commentBefore = [
    ` Written by \`ship ci github\`. Deploys ${options.app} on push to ${options.branch},`,
    ' a preview per pull request, destroyed when it closes.',
    ` AWS access: OIDC, the role from \`ship ci role\`${options.roleArn ? '' : ` (repository variable ${roleVariable})`}.`,
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}

/** github-script: one comment per pull request, found by a marker and updated in place. */
function commentScript(lines: string[]): string {
  return [
    ...lines,
    `const marker = ${JSON.stringify(commentMarker)};`,
    'const issue_number = Number(process.env.PR_NUMBER);',
    'const body = marker + "\\n" + text;',
    'const comments = await github.paginate(github.rest.issues.listComments, { ...context.repo, issue_number, per_page: 100 });',
    'const previous = comments.find((c) => c.body?.startsWith(marker));',
    'if (previous) await github.rest.issues.updateComment({ ...context.repo, comment_id: previous.id, body });',
    'else await github.rest.issues.createComment({ ...context.repo, issue_number, body });',
  ].join('\n');
}

/** A word safe in a bash command line. */
function shellWord(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
