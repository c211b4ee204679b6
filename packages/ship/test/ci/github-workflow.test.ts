// biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub expressions and shell variables, written as the workflow has them
// The workflow `ship ci github` writes, read back as YAML the way GitHub reads
// it: triggers, jobs, permissions, OIDC credentials, and no event data spliced
// into shell scripts.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { githubWorkflow, type WorkflowOptions } from '../../src/ci/github-workflow.js';

type Step = { uses?: string; run?: string; with?: Record<string, string>; env?: Record<string, string> };
type Job = {
  if: string;
  permissions: Record<string, string>;
  steps: Step[];
  concurrency: { group: string; 'cancel-in-progress': boolean };
};

const base: WorkflowOptions = {
  app: 'shop',
  region: 'eu-west-1',
  branch: 'main',
  environment: 'production',
  workingDirectory: '.',
};

const read = (options: Partial<WorkflowOptions> = {}) => parse(githubWorkflow({ ...base, ...options }));
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => unknown;

describe('ship ci github workflow', () => {
  it('triggers on push to the default branch and on pull requests, including closed', () => {
    const workflow = read();
    expect(workflow.on).toEqual({
      push: { branches: ['main'] },
      pull_request: { types: ['opened', 'synchronize', 'reopened', 'closed'] },
    });
    expect(Object.keys(workflow.jobs)).toEqual(['deploy', 'preview', 'cleanup']);
  });

  it('grants nothing at the top; each job asks for an OIDC token, only the PR jobs may comment', () => {
    const workflow = read();
    expect(workflow.permissions).toEqual({});
    const jobs = workflow.jobs as Record<string, Job>;
    expect(jobs.deploy!.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    for (const name of ['preview', 'cleanup']) {
      expect(jobs[name]!.permissions).toEqual({
        contents: 'read',
        'id-token': 'write',
        'pull-requests': 'write',
      });
    }
  });

  it('deploys the push to the branch environment, previews as pr-N, destroys pr-N on close', () => {
    const jobs = read().jobs as Record<string, Job>;
    expect(jobs.deploy!.if).toBe("github.event_name == 'push'");
    expect(jobs.deploy!.steps.at(-1)!.run).toBe('npx --no-install ship deploy --env production --yes');
    expect(jobs.preview!.if).toContain("github.event.action != 'closed'");
    expect(jobs.cleanup!.if).toContain("github.event.action == 'closed'");
    // Forks get no deploy: GitHub gives their runs no OIDC token, and they must not get credentials.
    for (const name of ['preview', 'cleanup'])
      expect(jobs[name]!.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    const deployStep = jobs.preview!.steps.find((s) => s.run?.includes('ship deploy'))!;
    expect(deployStep.run).toContain('ship deploy --env "pr-${PR_NUMBER}" --yes --json');
    expect(deployStep.env).toEqual({ PR_NUMBER: '${{ github.event.pull_request.number }}' });
    const destroyStep = jobs.cleanup!.steps.find((s) => s.run?.includes('ship destroy'))!;
    expect(destroyStep.run).toBe('npx --no-install ship destroy --env "pr-${PR_NUMBER}" --yes');
    // The closing job runs the base branch's code, not the pull request's.
    expect(jobs.cleanup!.steps[0]).toEqual({
      uses: 'actions/checkout@v5',
      with: { ref: '${{ github.event.pull_request.base.ref }}' },
    });
    // A preview's deploy and destroy share one group and are never cancelled mid-way.
    expect(jobs.preview!.concurrency).toEqual(jobs.cleanup!.concurrency);
    expect(jobs.preview!.concurrency['cancel-in-progress']).toBe(false);
  });

  it('gets AWS credentials only from OIDC via configure-aws-credentials, never stored keys', () => {
    const text = githubWorkflow(base);
    expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key|secrets\./);
    for (const job of Object.values(read().jobs as Record<string, Job>)) {
      const credentials = job.steps.filter((s) =>
        s.uses?.startsWith('aws-actions/configure-aws-credentials@'),
      );
      expect(credentials).toHaveLength(1);
      expect(credentials[0]!.with).toEqual({
        'role-to-assume': '${{ vars.SHIP_ROLE_ARN }}',
        'aws-region': 'eu-west-1',
        'role-session-name': 'ship-shop-${{ github.run_id }}',
      });
    }
    const withRole = read({ roleArn: 'arn:aws:iam::123456789012:role/ship-ci-shop' }).jobs.deploy as Job;
    expect(withRole.steps.find((s) => s.with?.['role-to-assume'])!.with!['role-to-assume']).toBe(
      'arn:aws:iam::123456789012:role/ship-ci-shop',
    );
  });

  it('never splices ${{ }} event data into a shell script (script injection)', () => {
    for (const job of Object.values(read().jobs as Record<string, Job>)) {
      for (const step of job.steps) if (step.run) expect(step.run).not.toContain('${{');
    }
  });

  it('posts the preview URL in one comment it updates; both comment scripts are valid JavaScript', () => {
    const jobs = read().jobs as Record<string, Job>;
    const comment = jobs.preview!.steps.find((s) => s.uses?.startsWith('actions/github-script@'))!;
    expect(comment.env!.PREVIEW_URL).toBe('${{ steps.deploy.outputs.url }}');
    expect(jobs.preview!.steps.find((s) => s.run?.includes('GITHUB_OUTPUT'))!.run).toContain(
      'echo "url=$url" >> "$GITHUB_OUTPUT"',
    );
    for (const job of [jobs.preview!, jobs.cleanup!]) {
      const script = job.steps.find((s) => s.uses?.startsWith('actions/github-script@'))!.with!.script!;
      expect(() => new AsyncFunction('github', 'context', 'process', script)).not.toThrow();
      expect(script).toContain('updateComment');
    }
  });

  it('runs ship where the config is, with --config when it is not the default name', () => {
    const workflow = read({ workingDirectory: 'services/web', configFile: 'ship.staging.json' });
    expect(workflow.defaults).toEqual({ run: { shell: 'bash', 'working-directory': 'services/web' } });
    expect((workflow.jobs.deploy as Job).steps.at(-1)!.run).toBe(
      'npx --no-install ship deploy --env production --yes --config ship.staging.json',
    );
  });
});
