import { catalog } from '../events.js'
import { kafkaService } from './kafka.js'

export class EventProcessor {
  static async init(groupId = 'event-processor') {
    await kafkaService.init().connectConsumer(groupId)
  }

  /** Calls `onEvent(data, meta)` for every event of the catalog, then starts consuming. */
  static async startProcessing(onEvent) {
    for (const event of catalog) await kafkaService.subscribe(event, onEvent)
    await kafkaService.startConsumers()
  }
}
