/** What RunInstances asks the store to create, already validated. */
export interface LaunchRequest {
  readonly imageId: string;
  readonly instanceType: string;
  readonly count: number;
  readonly clientToken?: string;
  readonly tags: ReadonlyMap<string, string>;
  /** A canonical form of the request, so a reused `ClientToken` with other parameters can be refused. */
  readonly fingerprint: string;
}
