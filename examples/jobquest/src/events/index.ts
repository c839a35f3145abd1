/** JobQuest's events: topics, definitions, the catalog and the seed's BaseEvent view. */
export * from './activity.ts'
export * from './base-event.ts'
export * from './catalog.ts'
export * from './gamification.ts'
export * from './platform.ts'
export * from './topics.ts'
