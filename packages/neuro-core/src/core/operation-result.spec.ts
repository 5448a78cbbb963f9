import { OperationResult } from './operation-result';

describe('OperationResult', () => {
  it('carries successes with their HTTP status', () => {
    expect(OperationResult.ok({ id: 1 })).toEqual({ ok: true, status: 200, value: { id: 1 } });
    expect(OperationResult.created('w1')).toEqual({ ok: true, status: 201, value: 'w1' });
    expect(OperationResult.accepted('w1')).toEqual({ ok: true, status: 202, value: 'w1' });
    expect(OperationResult.noContent()).toEqual({ ok: true, status: 204, value: undefined });
  });

  it('carries failures as RFC 9457 problem documents', () => {
    expect(OperationResult.conflict('worker w1 is TERMINATED; start is not allowed')).toEqual({
      ok: false,
      status: 409,
      problem: {
        type: 'urn:lcm:problem:conflict',
        title: 'Conflict',
        status: 409,
        detail: 'worker w1 is TERMINATED; start is not allowed',
      },
    });
  });

  it('names the missing thing and its key in a 404', () => {
    const result = OperationResult.notFound('CmlWorker', 'w1');
    expect(result.status).toBe(404);
    expect(result.problem).toMatchObject({ title: 'Not Found', detail: 'CmlWorker w1 was not found' });
  });

  it('lists invalid fields in 400 and 422 problems', () => {
    const errors = [{ path: 'capacity.cpuCores', message: 'must be positive' }];
    expect(OperationResult.badRequest('invalid body', errors).problem).toEqual({
      type: 'urn:lcm:problem:bad-request',
      title: 'Bad Request',
      status: 400,
      detail: 'invalid body',
      errors,
    });
    expect(OperationResult.unprocessable('cannot do that', errors).problem).toMatchObject({
      status: 422,
      errors,
    });
    expect(OperationResult.badRequest('no field list').problem).not.toHaveProperty('errors');
  });

  it('has default details for 401, 403 and 500 that say nothing internal', () => {
    expect(OperationResult.unauthorized().problem.detail).toBe('authentication is required');
    expect(OperationResult.forbidden().problem.detail).toBe('this action is not allowed for your roles');
    expect(OperationResult.internalError()).toMatchObject({
      ok: false,
      status: 500,
      problem: { title: 'Internal Server Error', detail: 'an unexpected error occurred' },
    });
    expect(OperationResult.unauthorized('token expired').problem.detail).toBe('token expired');
  });

  it('builds a failure for any status', () => {
    expect(OperationResult.fail(503, 'EC2 is unavailable')).toEqual({
      ok: false,
      status: 503,
      problem: {
        type: 'urn:lcm:problem:service-unavailable',
        title: 'Service Unavailable',
        status: 503,
        detail: 'EC2 is unavailable',
      },
    });
  });
});
