/** Cluster administration: topics, message browser, consumer groups, offset resets. */
export { Admin, type AdminSettings, defaultAdminSettings } from './admin.ts'
export { defaultBrowseOptions } from './browse.ts'
export { type AdminResource, ConflictError, InvalidArgumentError, NotFoundError } from './errors.ts'
export { compileFilter, type FilterInput, type MessageFilter } from './filter.ts'
export { isInternalGroup } from './groups.ts'
export { isInternalTopic } from './topics.ts'
export type * from './types.ts'
