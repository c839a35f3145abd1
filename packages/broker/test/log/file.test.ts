import { fileLogStore } from '../../src/log/file/store.ts'
import type { LogStore } from '../../src/log/types.ts'
import { logStoreContract } from './contract.ts'
import { tempDir } from './file/tmp.ts'

const dirs = new WeakMap<LogStore, string>()

logStoreContract('file', {
  async create() {
    const dir = await tempDir()
    const store = fileLogStore({ dir })
    dirs.set(store, dir)
    return store
  },
  async reopen(_t, store) {
    const dir = dirs.get(store)!
    const again = fileLogStore({ dir })
    dirs.set(again, dir)
    return again
  },
})
