import { FrameworkError } from '../core/framework-error';
import { controllerPrefixOf } from './controller-prefix';

describe('controllerPrefixOf', () => {
  it.each([
    ['WorkersController', 'workers'],
    ['LabletSessionsController', 'lablet-sessions'],
    ['WorkerTemplatesController', 'worker-templates'],
    ['CMLWorkersController', 'cml-workers'],
    ['Ec2InstancesController', 'ec2-instances'],
  ])('mounts %s at /api/%s', (name, prefix) => {
    expect(controllerPrefixOf({ name })).toBe(prefix);
  });

  it('prefers an explicit static prefix, which survives minified class names', () => {
    expect(controllerPrefixOf({ name: 'e', prefix: 'workers' })).toBe('workers');
    expect(controllerPrefixOf({ name: 'e', prefix: '/admin/lablet-sessions/' })).toBe(
      'admin/lablet-sessions',
    );
  });

  it('refuses a class without the Controller suffix and without a prefix, naming it', () => {
    const attempt = () => controllerPrefixOf({ name: 'e' });
    expect(attempt).toThrow(FrameworkError);
    expect(attempt).toThrow("controller class 'e' has no prefix");
  });

  it('refuses a prefix that is not kebab-case', () => {
    expect(() => controllerPrefixOf({ name: 'WorkersController', prefix: 'Workers' })).toThrow(
      "WorkersController.prefix 'Workers' must be kebab-case",
    );
  });
});
