import { Ec2Error } from '../protocol/ec2-error';
import type { SimulatedImage } from './simulated-image';

/** A catalog entry: a seed with its owner resolved and tags that CreateTags/DeleteTags can change. */
export interface CatalogImage extends Omit<SimulatedImage, 'tags'> {
  readonly tags: Map<string, string>;
}

const IMAGE_ID = /^ami-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;

/** The AMIs RunInstances can launch and DescribeImages lists, rebuilt from the seeds on reset. */
export class ImageCatalog {
  private images = new Map<string, CatalogImage>();

  constructor(
    private readonly seeds: readonly SimulatedImage[],
    private readonly accountId: string,
  ) {
    this.reset();
  }

  /** Every image in seed order. */
  all(): CatalogImage[] {
    return [...this.images.values()];
  }

  /** One image, or `undefined` when unknown. */
  find(imageId: string): CatalogImage | undefined {
    return this.images.get(imageId);
  }

  /** The named images; fails like EC2 on a malformed or unknown AMI id. */
  require(imageIds: readonly string[]): CatalogImage[] {
    const malformed = imageIds.find((id) => !IMAGE_ID.test(id));
    if (malformed !== undefined) throw new Ec2Error('InvalidAMIID.Malformed', `Invalid id: "${malformed}"`);
    const found = imageIds.map((id) => this.images.get(id));
    const missing = imageIds.filter((_, index) => found[index] === undefined);
    if (missing.length > 0) {
      throw new Ec2Error('InvalidAMIID.NotFound', `The image id '[${missing.join(', ')}]' does not exist`);
    }
    return found.filter((image) => image !== undefined);
  }

  /** Restores the seeds, dropping tag changes. */
  reset(): void {
    this.images = new Map(
      this.seeds.map((seed) => [
        seed.imageId,
        {
          ...seed,
          ownerId: seed.ownerId === 'self' ? this.accountId : seed.ownerId,
          tags: new Map(Object.entries(seed.tags ?? {})),
        },
      ]),
    );
  }
}
