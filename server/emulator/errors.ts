/**
 * Checkout.com's error envelope: `{ request_id, error_type, error_codes }` (ValidationError.yaml).
 * Handlers throw `CkoError`; the app's error handler renders it with the request's id.
 */
export class CkoError extends Error {
  constructor(
    readonly statusCode: number,
    readonly errorType: string,
    readonly errorCodes?: string[],
    /** Extra top-level fields; used only where the emulator must explain itself (live keys). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(`${statusCode} ${errorType}${errorCodes ? ` ${errorCodes.join(',')}` : ''}`);
    this.name = 'CkoError';
  }
}

/** 422 for a body that failed validation. The error_type differs per API family (see README). */
export function invalid(codes: string[], errorType = 'request_invalid'): CkoError {
  return new CkoError(422, errorType, [...new Set(codes)]);
}

export function notFound(): CkoError {
  return new CkoError(404, 'resource_not_found');
}

export function errorBody(requestId: string, error: CkoError): Record<string, unknown> {
  return {
    request_id: requestId,
    error_type: error.errorType,
    ...(error.errorCodes ? { error_codes: error.errorCodes } : {}),
    ...error.extra,
  };
}
