import { type StopTracing, startTracing } from '../ops/start-tracing';
import { FrameworkError } from '../core/framework-error';
import { buildService } from './build-service';
import type { CommonSettings } from './common-settings';
import type { ServiceDefinition } from './service-definition';

/**
 * The whole of a service's `main.ts`: builds it from its definition, listens, and shuts down cleanly on
 * SIGTERM/SIGINT. Bad settings end the process with one line naming the variable, not a stack trace.
 */
export async function runService<TSettings extends CommonSettings>(
  definition: ServiceDefinition<TSettings>,
  exit: (code: number) => void = (code) => process.exit(code),
): Promise<void> {
  let service: Awaited<ReturnType<typeof buildService<TSettings>>>;
  let stopTracing: StopTracing;
  try {
    stopTracing = await startTracing(definition.name);
    service = await buildService(definition);
  } catch (error) {
    return cannotStart(definition.name, error, exit);
  }
  // Listening before start() returns: a start can take long (a first sweep against a slow cloud) and
  // Kubernetes may stop the pod meanwhile; that must still drain, not kill.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    service.context.logger.info({ signal }, `${definition.name} shutting down`);
    service
      .close()
      .then(stopTracing)
      .then(
        () => exit(0),
        (error: unknown) => {
          console.error(`${definition.name} did not shut down cleanly: ${describe(error)}`);
          exit(1);
        },
      );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  try {
    await service.start();
  } catch (error) {
    if (stopping) return; // start failed because the shutdown closed what it was using
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    return cannotStart(definition.name, error, exit);
  }
}

function cannotStart(name: string, error: unknown, exit: (code: number) => void): void {
  const reason = FrameworkError.is(error, 'invalidSettings') ? error.message : describe(error);
  console.error(`${name} cannot start: ${reason}`);
  exit(1);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
