/**
 * Newest-last lists per user with a cap, so memory stays bounded however long the app runs; each
 * change is written through to the state file.
 */
import type { StateDb } from '../state/state-db.ts'

export class UserHistory<T> {
  readonly #items = new Map<string, T[]>()
  readonly #kind: string
  readonly #db: StateDb
  readonly #max: number

  /** `kind`: the rows' kind in the state file (`notifications`, `activities`). */
  constructor(kind: string, db: StateDb, maxPerUser: number) {
    this.#kind = kind
    this.#db = db
    this.#max = maxPerUser
    for (const [userId, list] of db.load<T[]>(kind)) this.#items.set(userId, list)
  }

  add(userId: string, item: T): T {
    let list = this.#items.get(userId)
    if (!list) {
      list = []
      this.#items.set(userId, list)
    }
    list.push(item)
    if (list.length > this.#max) list.splice(0, list.length - this.#max)
    this.#db.save(this.#kind, userId, list)
    return item
  }

  /** Changes the first item matching `predicate`; false when there is none. */
  update(userId: string, predicate: (item: T) => boolean, change: (item: T) => void): boolean {
    const item = this.find(userId, predicate)
    if (item === undefined) return false
    change(item)
    this.#db.save(this.#kind, userId, this.#items.get(userId))
    return true
  }

  list(userId: string): T[] {
    return [...(this.#items.get(userId) ?? [])]
  }

  find(userId: string, predicate: (item: T) => boolean): T | undefined {
    return this.#items.get(userId)?.find(predicate)
  }
}
