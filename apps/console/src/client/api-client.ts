import { ApiError } from './api-error';
import { type ServiceName, serviceUrl } from './service-name';

/** Calls the REST APIs with the person's token; a refusal throws an ApiError with the service's detail. */
export class ApiClient {
  constructor(
    private readonly token: () => string | undefined,
    private readonly onUnauthorized: () => void = () => undefined,
  ) {}

  get<T>(service: ServiceName, path: string): Promise<T> {
    return this.send<T>(service, 'GET', path);
  }

  post<T>(service: ServiceName, path: string, body?: unknown): Promise<T> {
    return this.send<T>(service, 'POST', path, body);
  }

  patch<T>(service: ServiceName, path: string, body: unknown): Promise<T> {
    return this.send<T>(service, 'PATCH', path, body);
  }

  delete<T>(service: ServiceName, path: string): Promise<T> {
    return this.send<T>(service, 'DELETE', path);
  }

  private async send<T>(service: ServiceName, method: string, path: string, body?: unknown): Promise<T> {
    const token = this.token();
    const response = await fetch(serviceUrl(service, `/api${path}`), {
      method,
      headers: {
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401) this.onUnauthorized();
    if (!response.ok) throw await ApiError.of(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
}
