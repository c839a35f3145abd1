/**
 * Reads the topic list out of a consumer's JoinGroup metadata (ConsumerProtocolSubscription), so
 * the coordinator knows which topics a "consumer" group subscribes to (OffsetDelete refuses those).
 *
 * Wire format (every version starts with the v0 layout, which is all we read):
 *   version int16, topics array(int32 count) of string(int16 length), user_data bytes, …
 */

/** The subscribed topics, or undefined when the bytes are not a consumer subscription. */
export function subscribedTopics(metadata: Buffer): string[] | undefined {
  try {
    let pos = 0
    if (metadata.length < 6) return undefined
    const version = metadata.readInt16BE(pos)
    pos += 2
    if (version < 0) return undefined
    const count = metadata.readInt32BE(pos)
    pos += 4
    if (count < 0 || count > metadata.length) return undefined
    const topics: string[] = []
    for (let i = 0; i < count; i++) {
      const len = metadata.readInt16BE(pos)
      pos += 2
      if (len < 0 || pos + len > metadata.length) return undefined
      topics.push(metadata.toString('utf8', pos, pos + len))
      pos += len
    }
    return topics
  } catch {
    return undefined
  }
}
