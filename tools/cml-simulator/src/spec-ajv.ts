import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { cmlOpenApiSpec } from '@lcm/cml-client';

const SPEC_ID = 'cml';
let shared: Ajv2020 | undefined;

/**
 * An ajv instance (JSON Schema 2020-12, as OpenAPI 3.1 uses) holding the whole CML spec under the id `cml`,
 * so any schema in it can be fetched by JSON pointer with `$ref`s resolved. Built once per process, since
 * compiling the spec's schemas is the slow part of starting a simulator. Strict schema mode is off because
 * the spec carries OpenAPI keywords (`discriminator`, `example`) and CML's own (`ge`, `le`).
 */
export function specAjv(): Ajv2020 {
  if (!shared) {
    shared = new Ajv2020({ strictSchema: false, allErrors: true });
    addFormats(shared);
    shared.addSchema(cmlOpenApiSpec, SPEC_ID);
  }
  return shared;
}

/** The ajv key of a JSON pointer inside the spec, e.g. `['components', 'schemas', 'Topology']`. */
export function specSchemaKey(pointer: readonly string[]): string {
  return `${SPEC_ID}#/${pointer.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}
