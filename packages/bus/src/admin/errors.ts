/**
 * Errors of the admin operations. They extend the bus's base error, so callers see the same
 * `code` / `retryable` / `cause` shape; the gateway maps each code to an HTTP status (404, 409, 400).
 */
import { SpoolBusError, type SpoolBusErrorOptions } from '../errors.ts'

export { InvalidArgumentError } from '../errors.ts'

/** What an admin call can fail to find. */
export type AdminResource = 'topic' | 'group' | 'partition'

/**
 * A topic, consumer group or partition does not exist.
 *
 * @example
 * try { await admin.describeTopic('nope') } catch (e) { if (e instanceof NotFoundError) console.log(e.resource, e.name) }
 */
export class NotFoundError extends SpoolBusError {
  readonly resource: AdminResource
  readonly resourceName: string

  constructor(resource: AdminResource, name: string, message?: string, options: SpoolBusErrorOptions = {}) {
    super('SPOOL_ERR_NOT_FOUND', message ?? `${resource} "${name}" does not exist`, {
      ...options,
      details: { resource, name, ...options.details },
    })
    this.resource = resource
    this.resourceName = name
  }
}

/** The operation cannot run in the current state (topic exists, group has active members). */
export class ConflictError extends SpoolBusError {
  constructor(message: string, options: SpoolBusErrorOptions = {}) {
    super('SPOOL_ERR_CONFLICT', message, options)
  }
}

/** Topics Kafka does not have and did not create, named with what to do. */
export function missingTopics(topics: string[], cause?: unknown): NotFoundError {
  const list = topics.map((t) => `"${t}"`).join(', ')
  return new NotFoundError(
    'topic',
    topics.join(','),
    `topic ${list} does not exist and Kafka does not create topics on use (auto.create.topics.enable is off): create ${topics.length > 1 ? 'them' : 'it'} first (spool topics create ${topics[0]}), or let a consumer create it (ensureTopics)`,
    { cause },
  )
}
