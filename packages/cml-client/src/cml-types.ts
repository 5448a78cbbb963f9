import type { components, paths } from './generated/cml-api';

type Schemas = components['schemas'];

/** The JSON body CML answers `method` on `path` with, for the given status (200 unless told). */
export type CmlResponseBody<
  P extends keyof paths,
  M extends 'get' | 'put' | 'post' | 'delete' | 'patch',
  S extends number = 200,
> = paths[P][M] extends { responses: infer R }
  ? S extends keyof R
    ? R[S] extends { content: { 'application/json': infer B } }
      ? B
      : never
    : never
  : never;

/** The JSON body CML expects for `method` on `path`. */
export type CmlRequestBody<P extends keyof paths, M extends 'put' | 'post' | 'patch'> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

/** A lab as CML describes it (`GET /labs/{lab_id}`). */
export type CmlLab = Schemas['LabResponse'];
/** The body of `POST /labs` and `PATCH /labs/{lab_id}`. */
export type CmlLabCreate = Schemas['LabCreate'];
/** A lab's overall state: DEFINED_ON_CORE, STOPPED or STARTED. */
export type CmlLabState = Schemas['States'];
/** A node's state, which adds QUEUED, BOOTED and DISCONNECTED to the lab states. */
export type CmlNodeState = Schemas['NodeStates'];
/** Per-element states of a lab, keyed by node, link and interface id. */
export type CmlLabElementState = Schemas['LabElementStateResponse'];
/** A CML topology, the body of `POST /import` (YAML files are parsed into this first). */
export type CmlTopology = Schemas['Topology'];
/** A lab's topology as CML returns it, with CML-assigned element ids. */
export type CmlTopologyResponse = Schemas['TopologyResponse'];
/** The answer to an import: the new lab's id and CML's warnings. */
export type CmlImportLabResponse = Schemas['ImportLabResponse'];
/** Lab/user and lab/group associations of a lab. */
export type CmlLabAssociations = Schemas['LabAssociations'];
/** A lab permission such as `lab_exec`. */
export type CmlPermission = Schemas['Permission'];
/** The body of `POST /users`. */
export type CmlUserCreate = Schemas['UserCreate'];
/** A user as CML describes it. */
export type CmlUser = Schemas['UserResponse'];
/** `GET /system_information`: version and readiness (callable without a token). */
export type CmlSystemInformation = Schemas['SystemInformation'];
/** `GET /system_stats`: controller and compute statistics, including running nodes. */
export type CmlSystemStats = Schemas['SystemStats'];
/** `GET /system_health`. */
export type CmlSystemHealth = Schemas['SystemHealth'];
/** `GET /licensing`: registration, authorization and features. */
export type CmlLicensingStatus = Schemas['LicensingStatus'];
/** The body of `POST /licensing/registration`. */
export type CmlLicensingRegistration = Schemas['LicensingRegistration'];
/** The JSON error body CML sends with every failure. */
export type CmlErrorBody = Schemas['Error'];
