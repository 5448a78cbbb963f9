/** The secret part of a session's access, which never travels in an event. */
export interface LabCredentials {
  readonly username: string;
  readonly password: string;
}

/**
 * Where the per-session CML password comes from: lab-manager owns it and hands it only to the service
 * role. A port so application code and tests never depend on HTTP; the adapter is LabCredentialsClient.
 */
export interface LabCredentialsProvider {
  /** The credentials of a lab record, or undefined when lab-manager does not know it. */
  credentialsOf(labRecordId: string): Promise<LabCredentials | undefined>;
}
/** DI token of the LabCredentialsProvider. */
export const LAB_CREDENTIALS_PROVIDER = Symbol.for('lcm.LabCredentialsProvider');
