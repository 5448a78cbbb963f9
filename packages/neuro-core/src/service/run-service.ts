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
  try {
    service = await buildService(definition);
    await service.start();
  } catch (error) {
    const reason = FrameworkError.is(error, 'invalidSettings') ? error.message : describe(error);
    console.error(`${definition.name} cannot start: ${reason}`);
    return exit(1);
  }
  const stop = (signal: NodeJS.Signals) => {
    service.context.logger.info({ signal }, `${definition.name} shutting down`);
    service.close().then(
      () => exit(0),
      (error: unknown) => {
        console.error(`${definition.name} did not shut down cleanly: ${describe(error)}`);
        exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
