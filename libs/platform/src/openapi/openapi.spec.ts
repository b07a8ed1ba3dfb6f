import type { OpenAPIObject } from '@nestjs/swagger';
import { addPlatformAnswers } from './openapi';

function documentWith(paths: OpenAPIObject['paths']): OpenAPIObject {
  return { openapi: '3.0.0', info: { title: 't', version: '1' }, security: [{ bearer: [] }], paths };
}

describe('addPlatformAnswers', () => {
  it('gives a protected POST with a body every answer the guard, pipes and interceptor give', () => {
    const document = documentWith({
      '/cases/{id}/close': {
        post: {
          requestBody: { content: { 'application/json': { schema: {} } } },
          responses: { '200': { description: '' }, '404': { description: 'CASE_NOT_FOUND' } },
        },
      },
    });
    addPlatformAnswers(document);
    const operation = document.paths['/cases/{id}/close']!.post!;
    expect(Object.keys(operation.responses)).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '413',
      '415',
      '422',
      '429',
    ]);
    expect(operation.responses['404']).toEqual({ description: 'CASE_NOT_FOUND' }); // the route's own stays
    expect(operation.responses['200']).toEqual({ description: 'OK' });
    expect(operation.parameters).toEqual([
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }),
    ]);
  });

  it('gives health only the 400 of input hygiene, and no Idempotency-Key', () => {
    const document = documentWith({
      '/health/live': { get: { security: [{}], responses: { '200': { description: '' } } } },
    });
    addPlatformAnswers(document);
    const operation = document.paths['/health/live']!.get!;
    expect(Object.keys(operation.responses)).toEqual(['200', '400']);
    expect(operation.parameters).toBeUndefined();
  });

  it('rate-limits reads too: a protected GET has 401, 403 and 429 with Retry-After', () => {
    const document = documentWith({ '/cases': { get: { responses: { '200': { description: '' } } } } });
    addPlatformAnswers(document);
    const answers = document.paths['/cases']!.get!.responses;
    expect(Object.keys(answers)).toEqual(['200', '400', '401', '403', '429']);
    expect((answers['429'] as { headers?: object }).headers).toHaveProperty('Retry-After');
  });

  it('rate-limits public routes other than health by address', () => {
    const document = documentWith({
      '/api/session/config': { get: { security: [{}], responses: { '200': { description: '' } } } },
    });
    addPlatformAnswers(document);
    expect(Object.keys(document.paths['/api/session/config']!.get!.responses)).toEqual(['200', '400', '429']);
  });

  it('keeps only its own scheme on a public route that has one (a signed callback)', () => {
    const document = documentWith({
      '/court/callbacks': {
        post: { security: [{}, { courtSignature: [] }], responses: { '200': { description: '' } } },
      },
    });
    addPlatformAnswers(document);
    const operation = document.paths['/court/callbacks']!.post!;
    expect(operation.security).toEqual([{ courtSignature: [] }]);
    expect(operation.responses['401']).toBeUndefined(); // not the bearer token's 401
    expect(operation.responses['429']).toBeDefined(); // public: limited by address
  });
});
