// The test-only entry of neuro-core: `import { startTestService } from '@lcm/neuro-core/testing'`.
// Kept apart from the main entry so production bundles never load supertest or jest helpers.
export type { CounterState } from './counter.aggregate';
export { Counter } from './counter.aggregate';
export { captureLogs } from './capture-logs';
export { deleteRedisKeys } from './delete-redis-keys';
export { DevTokenSigner } from './dev-token-signer';
export { eventually } from './eventually';
export { mingoDb } from './mingo-db';
export { RedisServer } from './redis-server';
export { describeRepositoryContract } from './repository-contract';
export type { ReceiveOptions, TestCloudEvent, TestService, TestServiceOptions } from './start-test-service';
export { startTestService } from './start-test-service';
