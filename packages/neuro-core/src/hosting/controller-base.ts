import { inject } from 'inversify';
import { MEDIATOR, type Mediator } from '../mediator/mediator';

/**
 * The base of HTTP controllers. A controller only translates HTTP: it reads the validated request
 * context, sends a command or query through `this.mediator`, and returns the result for the host to map.
 *
 * `WorkersController` is mounted at `/api/workers` (the class name without `Controller`, kebab-cased).
 * Bundles must keep class names (esbuild `keepNames`, as the production build does), or the controller
 * declares `static readonly prefix = 'workers'`.
 */
export abstract class ControllerBase {
  constructor(@inject(MEDIATOR) protected readonly mediator: Mediator) {}
}
