import { MemoryIdempotencyStore } from './memory-store.js';
import { describeIdempotencyStoreContract } from '../testing/store-contract.js';

describeIdempotencyStoreContract(
  'MemoryIdempotencyStore',
  (clock) => new MemoryIdempotencyStore({ clock: () => clock.now() }),
);
