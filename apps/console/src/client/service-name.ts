/** The three services behind the console, as its server's `/services/<name>/` paths name them. */
export type ServiceName = 'worker-manager' | 'lab-manager' | 'session-manager';

export const SERVICE_NAMES: readonly ServiceName[] = ['worker-manager', 'lab-manager', 'session-manager'];

/** The URL of a path on a service, through the console's own origin. */
export function serviceUrl(service: ServiceName, path: string): string {
  return `/services/${service}${path}`;
}
