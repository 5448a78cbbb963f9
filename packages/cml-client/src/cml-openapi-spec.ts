import spec from '../spec/cml-2.9-openapi-subset.json';

/** One operation of the OpenAPI document, as far as validators need it. */
export interface CmlOpenApiOperation {
  operationId: string;
  parameters?: ReadonlyArray<{ name: string; in: string; schema?: unknown }>;
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

/** The shape of the CML OpenAPI 3.1 document: paths under the `/api/v0` base and the component schemas. */
export interface CmlOpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  servers: ReadonlyArray<{ url: string }>;
  paths: Record<string, Record<string, CmlOpenApiOperation>>;
  components: { schemas: Record<string, unknown> };
}

/**
 * The CML 2.9 OpenAPI subset this client's types are generated from. Exported so validators (the CML
 * simulator, topology checks in lab-manager) use the very document the client was built against, bundled
 * with the code rather than read from disk.
 */
export const cmlOpenApiSpec = spec as unknown as CmlOpenApiDocument;
