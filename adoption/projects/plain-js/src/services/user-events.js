import { UserAction, UserLogin } from '../events.js'
import { kafkaService } from './kafka.js'

export class UserEventService {
  static async init() {
    await kafkaService.init().connectProducer()
  }

  static async publishUserLogin(userId, metadata = {}) {
    return kafkaService.send(UserLogin, { userId, timestamp: new Date().toISOString(), ...metadata })
  }

  static async publishUserAction(userId, action, data = {}) {
    return kafkaService.send(UserAction, { userId, action, data, timestamp: new Date().toISOString() })
  }
}
