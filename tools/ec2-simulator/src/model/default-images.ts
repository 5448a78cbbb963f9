import type { SimulatedImage } from './simulated-image';

/**
 * The seeded AMIs: CML releases named `CML-<minor>-<version>-<build date>` so that the worker templates'
 * `amiNamePattern` (e.g. `CML-2.9-*`) selects by minor release, with two 2.9 builds of our own to pick the
 * newest from, a newer public 2.9 build from another account (excluded by `Owners=self`), and an Amazon
 * image (for `Owners=amazon`).
 */
export const DEFAULT_IMAGES: readonly SimulatedImage[] = [
  {
    imageId: 'ami-0c3a1e0b2d4f60281',
    name: 'CML-2.8-2.8.1-20250310',
    description: 'Cisco Modeling Labs 2.8.1',
    creationDate: '2025-03-10T09:00:00.000Z',
    ownerId: 'self',
    isPublic: false,
  },
  {
    imageId: 'ami-0c3a1e0b2d4f60290',
    name: 'CML-2.9-2.9.0-20250602',
    description: 'Cisco Modeling Labs 2.9.0',
    creationDate: '2025-06-02T09:00:00.000Z',
    ownerId: 'self',
    isPublic: false,
  },
  {
    imageId: 'ami-0c3a1e0b2d4f60291',
    name: 'CML-2.9-2.9.1-20250915',
    description: 'Cisco Modeling Labs 2.9.1',
    creationDate: '2025-09-15T09:00:00.000Z',
    ownerId: 'self',
    isPublic: false,
  },
  {
    imageId: 'ami-0c3a1e0b2d4f60300',
    name: 'CML-3.0-3.0.0-20260115',
    description: 'Cisco Modeling Labs 3.0.0',
    creationDate: '2026-01-15T09:00:00.000Z',
    ownerId: 'self',
    isPublic: false,
  },
  {
    imageId: 'ami-0f9e8d7c6b5a40292',
    name: 'CML-2.9-2.9.2-20251120',
    description: 'Cisco Modeling Labs 2.9.2 (community build, another account)',
    creationDate: '2025-11-20T09:00:00.000Z',
    ownerId: '210987654321',
    isPublic: true,
  },
  {
    imageId: 'ami-05b7e1c3a9d2f4e68',
    name: 'al2023-ami-2023.6.20250115.0-kernel-6.1-x86_64',
    description: 'Amazon Linux 2023 AMI',
    creationDate: '2025-01-15T00:00:00.000Z',
    ownerId: '137112412989',
    ownerAlias: 'amazon',
    isPublic: true,
  },
];
