/**
 * The classic group coordinator: what broker.ts creates and the group handlers call.
 */
export { type Clock, createManualClock, type ManualClock, systemClock, type TimerHandle } from './clock.ts'
export { createGroupCoordinator } from './coordinator.ts'
export { createMemoryJournal, type GroupJournal, type JournalRecord } from './journal.ts'
export { openFileJournal } from './journal-file.ts'
export {
  defaultGroupCoordinatorOptions,
  type GroupCoordinatorInput,
  type GroupCoordinatorOptions,
  resolveGroupCoordinatorOptions,
} from './options.ts'
export type * from './types.ts'
