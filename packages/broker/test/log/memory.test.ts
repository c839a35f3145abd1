import { memoryLogStore } from '../../src/log/memory.ts'
import { logStoreContract } from './contract.ts'

logStoreContract('memory', {
  create: async () => memoryLogStore(),
  // Memory data lives as long as the store object: a restart is the same store.
  reopen: async (_t, store) => store,
})
