/** The conformance suite's clients, in the order each scenario runs them. */
import { javaClient } from './java.ts'
import { kafkajsClient } from './kafkajs.ts'
import { kcatClient } from './kcat.ts'
import { platformaticClient } from './platformatic.ts'
import type { Client } from './types.ts'

export type * from './types.ts'
export { allCodecs } from './types.ts'

export const clients: readonly Client[] = [kcatClient, kafkajsClient, platformaticClient, javaClient]
