import { PROBLEM_CONTENT_TYPE, problem } from './problem-details';

describe('problem', () => {
  it('builds an RFC 9457 document with the type and title of the status', () => {
    expect(problem(404, 'worker w1 was not found')).toEqual({
      type: 'urn:lcm:problem:not-found',
      title: 'Not Found',
      status: 404,
      detail: 'worker w1 was not found',
    });
  });

  it('leaves out an empty detail and adds extra members', () => {
    expect(problem(409)).toEqual({ type: 'urn:lcm:problem:conflict', title: 'Conflict', status: 409 });
    expect(
      problem(400, 'bad', { instance: '/api/workers', errors: [{ path: 'name', message: 'required' }] }),
    ).toEqual({
      type: 'urn:lcm:problem:bad-request',
      title: 'Bad Request',
      status: 400,
      detail: 'bad',
      instance: '/api/workers',
      errors: [{ path: 'name', message: 'required' }],
    });
  });

  it('falls back to a generic type and title for a status it has no name for', () => {
    expect(problem(418)).toEqual({ type: 'urn:lcm:problem:error', title: 'Error', status: 418 });
  });

  it('is served as application/problem+json', () => {
    expect(PROBLEM_CONTENT_TYPE).toBe('application/problem+json');
  });
});
