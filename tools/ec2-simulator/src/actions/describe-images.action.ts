import type { CatalogImage } from '../model/image-catalog';
import { fieldFilter, type FieldReader } from '../protocol/field-filter';
import { readFilters } from '../protocol/filter';
import type { Ec2Action } from './ec2-action';
import type { Ec2ActionContext } from './ec2-action-context';
import { tagSetXml } from './instance-xml';

const FIELDS: Readonly<Record<string, FieldReader<CatalogImage>>> = {
  name: (i) => [i.name],
  'image-id': (i) => [i.imageId],
  'owner-id': (i) => [i.ownerId],
  'owner-alias': (i) => [i.ownerAlias],
  'is-public': (i) => [String(i.isPublic)],
  state: () => ['available'],
  architecture: (i) => [i.architecture ?? 'x86_64'],
  'tag-key': (i) => [...i.tags.keys()],
  'tag-value': (i) => [...i.tags.values()],
};

/**
 * DescribeImages: the images visible to the account (its own and public ones), narrowed by `ImageId`,
 * `Owner` (`self`, `amazon` or an account id) and filters such as `name` with `*` wildcards. Picking the
 * newest match by `creationDate` is left to the caller, as on AWS.
 */
export const describeImages: Ec2Action = (params, context) => {
  const imageIds = params.list('ImageId');
  const owners = params.list('Owner');
  const visible =
    imageIds.length > 0
      ? context.images.require(imageIds)
      : context.images.all().filter((image) => image.isPublic || image.ownerId === context.accountId);
  const matches = visible
    .filter((image) => owners.length === 0 || owners.some((owner) => ownedBy(image, owner, context)))
    .filter(fieldFilter(readFilters(params), FIELDS));
  return {
    imagesSet: matches.map((image) => ({
      imageId: image.imageId,
      imageLocation: `${image.ownerAlias ?? image.ownerId}/${image.name}`,
      imageState: 'available',
      imageOwnerId: image.ownerId,
      creationDate: image.creationDate,
      isPublic: image.isPublic,
      architecture: image.architecture ?? 'x86_64',
      imageType: 'machine',
      imageOwnerAlias: image.ownerAlias,
      name: image.name,
      description: image.description,
      rootDeviceType: 'ebs',
      rootDeviceName: '/dev/sda1',
      virtualizationType: 'hvm',
      hypervisor: 'xen',
      tagSet: tagSetXml(image.tags),
    })),
  };
};

function ownedBy(image: CatalogImage, owner: string, context: Ec2ActionContext): boolean {
  if (owner === 'self') return image.ownerId === context.accountId;
  if (owner === 'amazon') return image.ownerAlias === 'amazon';
  return image.ownerId === owner;
}
