/**
 * Where topic metadata lives: `topics.json` in the data directory (written atomically), or nowhere
 * for a memory broker. The file is the source of truth for which topics exist; partition data is
 * found through it.
 */
import { join } from 'node:path'
import { BrokerErrorCodes, SpoolBrokerError } from '../errors.ts'
import { JsonFile } from '../util/json-file.ts'

/** A topic as persisted. */
export interface TopicRecord {
  readonly name: string
  /** Topic id, a dashed lowercase UUID. */
  readonly id: string
  readonly partitions: number
  /** Topic-level config overrides (name → value). */
  readonly configs: Readonly<Record<string, string>>
  /** ms since the epoch. */
  readonly createdAt: number
}

interface TopicsFile {
  readonly version: 1
  readonly topics: readonly TopicRecord[]
}

export interface TopicStore {
  /** The persisted topics, or undefined when nothing was ever saved. */
  load(): Promise<TopicRecord[] | undefined>
  save(topics: readonly TopicRecord[]): Promise<void>
}

/** Keeps nothing: topics of a memory broker die with it. */
export function memoryTopicStore(): TopicStore {
  return { load: async () => undefined, save: async () => {} }
}

/** `topics.json` under `dir`. */
export function fileTopicStore(dir: string): TopicStore {
  const file = new JsonFile(join(dir, 'topics.json'))
  return {
    async load() {
      const data = await file.read<TopicsFile>()
      if (data === undefined) return undefined
      if (data.version !== 1 || !Array.isArray(data.topics))
        throw new SpoolBrokerError(
          BrokerErrorCodes.STORAGE,
          `${file.path}: unknown format (version ${String(data.version)})`,
        )
      return data.topics
    },
    save: (topics) => file.write({ version: 1, topics } satisfies TopicsFile),
  }
}
