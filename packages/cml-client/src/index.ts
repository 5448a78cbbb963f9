export type { CircuitBreakerOptions, CircuitState } from './circuit-breaker';
export type { CmlDeregistration } from './cml-client';
export type { CmlClientOptions, CmlCredentials } from './cml-client-options';
export type { CmlErrorDetails, CmlErrorKind } from './cml-error';
export type { CmlOpenApiDocument, CmlOpenApiOperation } from './cml-openapi-spec';
export type {
  CmlErrorBody,
  CmlImportLabResponse,
  CmlLab,
  CmlLabAssociations,
  CmlLabCreate,
  CmlLabElementState,
  CmlLabState,
  CmlLicensingRegistration,
  CmlLicensingStatus,
  CmlNodeState,
  CmlPermission,
  CmlRequestBody,
  CmlResponseBody,
  CmlSystemHealth,
  CmlSystemInformation,
  CmlSystemStats,
  CmlTopology,
  CmlTopologyResponse,
  CmlUser,
  CmlUserCreate,
} from './cml-types';
export type { components as CmlComponents, paths as CmlPaths } from './generated/cml-api';
export type { RetryOptions } from './retry-policy';

export { CircuitBreaker } from './circuit-breaker';
export { CmlClient } from './cml-client';
export { CmlError } from './cml-error';
export { cmlOpenApiSpec } from './cml-openapi-spec';
export { parseTopology } from './parse-topology';
export { RetryPolicy } from './retry-policy';
