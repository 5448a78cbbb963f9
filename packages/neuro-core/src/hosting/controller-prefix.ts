import { FrameworkError } from '../core/framework-error';

const KEBAB_SEGMENTS = /^[a-z0-9]+(-[a-z0-9]+)*(\/[a-z0-9]+(-[a-z0-9]+)*)*$/;

/**
 * The path a controller is mounted at below `/api`: its `static prefix`, or its class name without
 * `Controller`, kebab-cased (`LabletSessionsController` -> `lablet-sessions`). A class whose name does
 * not end in `Controller` (a minified name, say) and that has no prefix is a start-up error.
 */
export function controllerPrefixOf(controller: { readonly name: string; readonly prefix?: string }): string {
  if (controller.prefix !== undefined) {
    const prefix = controller.prefix.replace(/^\/+|\/+$/g, '');
    if (!KEBAB_SEGMENTS.test(prefix)) {
      throw new FrameworkError(
        'invalidRoute',
        `${controller.name}.prefix '${controller.prefix}' must be kebab-case path segments, e.g. 'lablet-sessions'`,
      );
    }
    return prefix;
  }
  const base = /^(.+)Controller$/.exec(controller.name)?.[1];
  if (!base) {
    throw new FrameworkError(
      'invalidRoute',
      `controller class '${controller.name}' has no prefix: name it <Name>Controller or declare static prefix`,
    );
  }
  return base
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}
