// Reading an AWS SDK error without loading the SDK: `ship`'s entry point needs this for every
// command, and `--help` must not pay for the SDK (see test/commands/cli-smoke.int.test.ts).
import { UserError } from '../errors.js';

export function errorName(error: unknown): string {
  return (error as { name?: string } | undefined)?.name ?? '';
}

/**
 * An AWS server-side failure (HTTP 5xx) that the SDK's retries did not get past, as a user's error:
 * it is AWS's, not a bug in ship, and running the command again may well succeed.
 */
export function awsServerFailure(error: unknown): UserError | undefined {
  const e = error as
    | {
        $fault?: string;
        $metadata?: { httpStatusCode?: number; attempts?: number };
        shipAwsCall?: string;
        message?: string;
      }
    | undefined;
  const status = e?.$metadata?.httpStatusCode;
  if (!e || (e.$fault !== 'server' && !(status !== undefined && status >= 500))) return undefined;
  const call = e.shipAwsCall ? `AWS ${e.shipAwsCall}` : 'an AWS call';
  const attempts = e.$metadata?.attempts;
  return new UserError(
    `${call} failed on AWS's side: ${errorName(error) || 'error'}${status ? ` (HTTP ${status})` : ''}${attempts ? ` after ${attempts} attempts` : ''}: ${e.message ?? ''}`.trimEnd(),
    'a retry may help: run the command again (it picks up where it stopped); if it keeps failing, check the AWS Health Dashboard for the region',
  );
}
