/**
 * An AMI the simulator knows. `ownerId: 'self'` in a seed stands for the simulator's own account, so
 * seeds do not repeat the account id.
 */
export interface SimulatedImage {
  readonly imageId: string;
  readonly name: string;
  readonly description?: string;
  /** ISO-8601, as EC2 reports it; "newest matching image" selection sorts on it. */
  readonly creationDate: string;
  readonly ownerId: string;
  /** `amazon` for Amazon-owned images, otherwise absent. */
  readonly ownerAlias?: string;
  readonly isPublic: boolean;
  readonly architecture?: string;
  readonly tags?: Readonly<Record<string, string>>;
}
