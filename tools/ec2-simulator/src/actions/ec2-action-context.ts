import type { AddressAllocator } from '../model/address-allocator';
import type { ImageCatalog } from '../model/image-catalog';
import type { InstanceStore } from '../model/instance-store';

/** What an action may read and change: the simulated account, region and resources. */
export interface Ec2ActionContext {
  readonly instances: InstanceStore;
  readonly images: ImageCatalog;
  readonly addresses: AddressAllocator;
  readonly accountId: string;
  readonly region: string;
}
