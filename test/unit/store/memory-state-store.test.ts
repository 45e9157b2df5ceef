import { MemoryStateStore } from '../../../src/store/memory-state-store.js';
import { describeStateStoreContract } from './state-store.contract.js';

describeStateStoreContract('MemoryStateStore', {
  async create() {
    const store = new MemoryStateStore();
    return {
      store,
      rawItem: async (key) => store.item(key),
      rawPartition: async (pk) => store.items().filter((item) => item.pk === pk),
    };
  },
});
