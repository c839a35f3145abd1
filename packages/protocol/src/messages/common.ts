/** Structs shared by several messages. */
import { defineFields } from '../schema/types.ts'

/** A broker address, as returned in the NodeEndpoints tagged fields (KIP-951). */
export const nodeEndpointFields = (versions: string) =>
  defineFields([
    { name: 'nodeId', type: 'int32', versions },
    { name: 'host', type: 'string', versions },
    { name: 'port', type: 'int32', versions },
    { name: 'rack', type: 'string', versions, nullableVersions: versions, default: null },
  ])

/** The current leader of a partition, as returned in CurrentLeader tagged fields. */
export const leaderIdAndEpochFields = (versions: string) =>
  defineFields([
    { name: 'leaderId', type: 'int32', versions, default: -1 },
    { name: 'leaderEpoch', type: 'int32', versions, default: -1 },
  ])

/** "Not requested" marker for authorized-operations bit fields. */
export const AUTHORIZED_OPERATIONS_OMITTED = -2147483648
