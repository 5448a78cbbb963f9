/** CML's own lab states (docs/domain.md#lab-record-statuses), as labs sync reads them. */
export const CML_LAB_STATES = ['DEFINED_ON_CORE', 'STOPPED', 'STARTED', 'QUEUED', 'BOOTED'] as const;

/** A CML lab state. */
export type CmlLabState = (typeof CML_LAB_STATES)[number];

/** Where a LabRecord is in LCM's lab lifecycle (docs/domain.md#lab-record-statuses). */
export const LAB_RECORD_STATUSES = [
  'IMPORTING',
  'IMPORTED',
  'STARTING',
  'STARTED',
  'STOPPING',
  'STOPPED',
  'WIPING',
  'WIPED',
  'DELETING',
  'DELETED',
  'FAILED',
  'ORPHANED',
] as const;

/** A LabRecord status. */
export type LabRecordStatus = (typeof LAB_RECORD_STATUSES)[number];

/** An operator's manual actions on a lab record (`POST /lab-records/{id}/start|stop|wipe`, `DELETE`). */
export const LAB_OPERATIONS = ['start', 'stop', 'wipe', 'delete'] as const;

/** An operator's manual action on a lab record. */
export type LabOperation = (typeof LAB_OPERATIONS)[number];
