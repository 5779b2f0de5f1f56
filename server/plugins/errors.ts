import fp from 'fastify-plugin';
import type { FastifyError } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { errorBody, HttpError, type FieldError } from '../errors';

const STATUS_CODES: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/**
 * Maps every failure to the error shape with the right status. Validation errors carry
 * per-field messages; anything unexpected is a 500 with no internals in the body.
 */
export default fp(
  async function errorsPlugin(app) {
    app.setNotFoundHandler((request, reply) => {
      void reply.code(404).send(errorBody('not_found', `No route for ${request.method} ${request.url.split('?')[0]}`));
    });

    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof HttpError) {
        if (error.headers) void reply.headers(error.headers);
        if (error.statusCode >= 500) request.log.warn({ code: error.code }, error.message);
        return reply.code(error.statusCode).send(errorBody(error.code, error.message, error.fields));
      }
      if (hasZodFastifySchemaValidationErrors(error)) {
        const fields: FieldError[] = error.validation.map((issue) => {
          // Body fields are named from the body's root (`shippingAddress.city`), as pricing's
          // errors are, so a form maps them onto its fields; params and query keep their prefix.
          const location = error.validationContext ?? 'body';
          const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
          if (location === 'body') return { path: path || 'body', message: issue.message ?? 'is invalid' };
          return { path: path ? `${location}.${path}` : location, message: issue.message ?? 'is invalid' };
        });
        return reply.code(400).send(errorBody('invalid_request', 'The request has invalid fields.', fields));
      }
      if (isResponseSerializationError(error)) {
        request.log.error({ err: error.cause }, 'response did not match its schema');
        return reply.code(500).send(errorBody('internal_error', 'Something went wrong on our side.'));
      }
      // PostgreSQL refuses a NUL (or bytes it cannot store) in text: the request's fault, not ours.
      // The contract's text fields refuse control characters first; this catches what they miss.
      if (typeof error.code === 'string' && (error.code === '22021' || error.code === '22P05')) {
        request.log.warn({ code: error.code }, 'a value the database cannot store');
        return reply.code(400).send(errorBody('invalid_characters', 'The request contains characters that cannot be stored (a NUL or other control character).'));
      }
      const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
      if (status >= 500) {
        request.log.error({ err: error }, 'unhandled error');
        return reply.code(status).send(errorBody('internal_error', 'Something went wrong on our side.'));
      }
      // Fastify's own client errors (bad JSON, body too large, wrong content type …).
      const code = error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
        ? 'invalid_json'
        : (STATUS_CODES[status] ?? 'invalid_request');
      return reply.code(status).send(errorBody(code, error.message));
    });
  },
  { name: 'ck-errors' },
);
