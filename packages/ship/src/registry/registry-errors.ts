// Registry failures as a person can act on them: what happened, why, and the next step.
import { UserError } from '../errors.js';
import type { HttpResponse } from './http-request.js';

export interface RegistryErrorDetail {
  code: string;
  message: string;
}

/** The `{"errors":[{code,message}]}` body of the distribution spec, if there is one. */
export function parseRegistryErrors(body: Buffer): RegistryErrorDetail[] {
  try {
    const parsed = JSON.parse(body.toString()) as { errors?: { code?: string; message?: string }[] };
    return (parsed.errors ?? []).map((e) => ({ code: e.code ?? 'UNKNOWN', message: e.message ?? '' }));
  } catch {
    return [];
  }
}

export class RegistryError extends UserError {
  constructor(
    message: string,
    hint: string | undefined,
    readonly status: number,
    readonly codes: string[] = [],
  ) {
    super(message, hint);
  }
}

function describeErrors(errors: RegistryErrorDetail[]): string {
  return errors.map((e) => `${e.code}${e.message ? `: ${e.message}` : ''}`).join('; ');
}

export function networkFailure(registry: string, code: string, insecure: boolean): UserError {
  if (code === 'EPROTO' || code === 'ERR_SSL_WRONG_VERSION_NUMBER') {
    return new UserError(
      `cannot reach ${registry} over HTTPS (${code}): it answers plain HTTP`,
      'for a local plain-HTTP registry add --insecure',
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new UserError(
      `cannot reach ${registry} (${code}): the host name does not resolve`,
      'check the registry in --repo / --base',
    );
  }
  return new UserError(
    `cannot reach ${registry} (${code}) — is it running?`,
    `check the address${insecure ? '' : ', and add --insecure for a plain-HTTP registry'}`,
  );
}

export function httpFailure(options: {
  registry: string;
  what: string;
  response: HttpResponse;
  credentials: { describe: string; fix: string; present: boolean };
}): RegistryError {
  const { registry, what, response, credentials } = options;
  const errors = parseRegistryErrors(response.body);
  const codes = errors.map((e) => e.code);
  const detail = errors.length > 0 ? ` (${describeErrors(errors)})` : '';
  const status = response.status;
  if (status === 401) {
    return credentials.present
      ? new RegistryError(
          `401 from ${registry}: the credentials were refused (${credentials.describe}) while ${what}`,
          credentials.fix,
          status,
          codes,
        )
      : new RegistryError(
          `401 from ${registry}: no basic auth credentials while ${what}`,
          credentials.fix,
          status,
          codes,
        );
  }
  if (status === 403) {
    return new RegistryError(
      `403 from ${registry}: access denied while ${what}${detail}`,
      credentials.present
        ? `the credentials (${credentials.describe}) lack permission for this repository; ${credentials.fix}`
        : credentials.fix,
      status,
      codes,
    );
  }
  if (status === 404 && codes.includes('NAME_UNKNOWN')) {
    return new RegistryError(
      `404 from ${registry}: the repository does not exist while ${what}${detail}`,
      'create the repository first (for ECR: `aws ecr create-repository`, or let `ship deploy` create it)',
      status,
      codes,
    );
  }
  if (status === 404) {
    return new RegistryError(
      `404 from ${registry}: not found while ${what}${detail}`,
      'check the image name, tag and platform',
      status,
      codes,
    );
  }
  if (status === 429) {
    return new RegistryError(
      `429 from ${registry}: too many requests while ${what}${detail}`,
      'wait a minute and try again',
      status,
      codes,
    );
  }
  if (status >= 500) {
    return new RegistryError(
      `${status} from ${registry} while ${what}${detail}: the registry failed`,
      'try again; if it persists, check the registry logs',
      status,
      codes,
    );
  }
  return new RegistryError(
    `${status} from ${registry}: the registry rejected ${what}${detail}`,
    undefined,
    status,
    codes,
  );
}
