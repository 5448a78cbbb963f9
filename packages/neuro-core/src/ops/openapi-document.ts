import { type ZodType, z } from 'zod';
import { PROBLEM_CONTENT_TYPE } from '../core/problem-details';
import type { MountedRoute } from '../hosting/controller-router';

/** The `info` of the document. */
export interface OpenApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
}

type JsonSchema = Record<string, unknown>;

const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/**
 * Builds the OpenAPI 3.1 document of the mounted routes from their zod schemas (`z.toJSONSchema`,
 * JSON Schema 2020-12 as 3.1 expects). Protected routes carry the bearer scheme and name their roles;
 * every failure response is `application/problem+json`. Schemas registered with an `id` become shared
 * `components.schemas`.
 */
export function createOpenApiDocument(routes: readonly MountedRoute[], info: OpenApiInfo): JsonSchema {
  const schemas: Record<string, JsonSchema> = {};
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = route.fullPath.replace(/[:*](\w+)/g, '{$1}');
    paths[path] = { ...paths[path], [route.method]: operationOf(route, schemas) };
  }
  schemas['Problem'] = jsonSchemaOf(problemSchema, 'output', schemas);
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      schemas,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}

function operationOf(route: MountedRoute, schemas: Record<string, JsonSchema>): JsonSchema {
  const { options, roles } = route;
  const status = String(options.status ?? 200);
  const success: JsonSchema = { description: 'Success' };
  if (options.response && status !== '204') {
    success['content'] = {
      'application/json': { schema: jsonSchemaOf(options.response, 'output', schemas) },
    };
  }
  const responses: Record<string, JsonSchema> = { [status]: success };
  if (options.params || options.query || options.body)
    responses['400'] = problemResponse('The request is invalid');
  if (!options.anonymous) responses['401'] = problemResponse('No valid bearer token');
  if (roles.length > 0) responses['403'] = problemResponse('The caller has none of the required roles');
  responses['500'] = problemResponse('An unexpected error');
  const requires = roles.length > 0 ? `Requires one of the roles: ${roles.join(', ')}.` : undefined;
  return {
    operationId: `${route.prefix.replace(/[-/](\w)/g, (_, letter: string) => letter.toUpperCase())}.${route.key}`,
    tags: options.tags ?? [route.prefix],
    ...(options.summary ? { summary: options.summary } : {}),
    ...(options.description || requires
      ? { description: [options.description, requires].filter(Boolean).join('\n\n') }
      : {}),
    parameters: [...pathParameters(route, schemas), ...queryParameters(options.query, schemas)],
    ...(options.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchemaOf(options.body, 'input', schemas) } },
          },
        }
      : {}),
    responses,
    security: options.anonymous ? [] : [{ bearer: [] }],
    ...(roles.length > 0 ? { 'x-roles': roles } : {}),
  };
}

function pathParameters(route: MountedRoute, schemas: Record<string, JsonSchema>): JsonSchema[] {
  const properties = propertiesOf(route.options.params, schemas);
  return [...route.fullPath.matchAll(/[:*](\w+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: properties.schemas[name] ?? { type: 'string' },
  }));
}

function queryParameters(query: ZodType | undefined, schemas: Record<string, JsonSchema>): JsonSchema[] {
  const properties = propertiesOf(query, schemas);
  return Object.entries(properties.schemas).map(([name, schema]) => ({
    name,
    in: 'query',
    required: properties.required.includes(name),
    schema,
  }));
}

function propertiesOf(schema: ZodType | undefined, schemas: Record<string, JsonSchema>) {
  const json = schema ? jsonSchemaOf(schema, 'input', schemas) : {};
  return {
    schemas: (json['properties'] ?? {}) as Record<string, JsonSchema>,
    required: (json['required'] ?? []) as string[],
  };
}

function problemResponse(description: string): JsonSchema {
  return {
    description,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
  };
}

/**
 * One zod schema as JSON Schema. Its `$defs` (schemas with an `id`) move to the shared components,
 * since `#/$defs/...` would point at the root of the OpenAPI document, not of the schema.
 */
function jsonSchemaOf(
  schema: ZodType,
  io: 'input' | 'output',
  schemas: Record<string, JsonSchema>,
): JsonSchema {
  const converted = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
  const { $schema: _dialect, $defs, ...json } = rewriteRefs(converted) as JsonSchema;
  Object.assign(schemas, $defs);
  return json;
}

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) =>
      key === '$ref' && typeof value === 'string'
        ? [key, value.replace(/^#\/\$defs\//, '#/components/schemas/')]
        : [key, rewriteRefs(value)],
    ),
  );
}
