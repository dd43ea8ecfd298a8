import { MemoryIdempotencyStore } from './memory-store.js';
import { describeIdempotencyStoreContract } from './store-contract.test-util.js';

describeIdempotencyStoreContract(
  'MemoryIdempotencyStore',
  (clock) => new MemoryIdempotencyStore({ clock: () => clock.now() }),
);
