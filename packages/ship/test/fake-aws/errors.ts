// One error type for every service. Each protocol file renders it in its own
// wire shape (JSON `__type`, awsQuery `<ErrorResponse>`, EC2 `<Response><Errors>`),
// so handlers only say what went wrong.

export class AwsError extends Error {
  constructor(
    /** The error code the SDK maps to a typed exception, e.g. `RepositoryNotFoundException`. */
    readonly code: string,
    message: string,
    readonly status = 400,
    /** awsQuery's `<Type>`: Sender for the caller's mistakes, Receiver for ours. */
    readonly fault: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
  }
}

export function unknownOperation(service: string, action: string): AwsError {
  return new AwsError(
    'UnknownOperationException',
    `fake AWS does not implement ${service}.${action} (add it under packages/ship/test/fake-aws/services/)`,
  );
}
