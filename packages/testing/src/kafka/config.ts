/**
 * The files one KRaft node runs with: `server.properties` and a Log4j2 configuration that sends
 * the broker's log to `server.log` in the node's folder instead of stdout.
 *
 * Every node is both broker and controller (combined mode) on 127.0.0.1. The quorum is static
 * (`controller.quorum.voters`), so formatting needs no `--standalone`/`--initial-controllers`.
 */

/** The addresses of one node. */
export interface NodeAddress {
  readonly id: number
  /** Client (PLAINTEXT) port. */
  readonly port: number
  /** Controller (KRaft quorum) port. */
  readonly controllerPort: number
  /** SASL_PLAINTEXT client port, when the cluster has SASL users. */
  readonly saslPort?: number
}

/** A SASL user of a test cluster (PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 all accept it). */
export interface KafkaSaslUser {
  readonly username: string
  readonly password: string
}

const jaasQuote = (s: string): string => s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')

/**
 * Settings of the extra SASL_PLAINTEXT listener: PLAIN users in its JAAS configuration; SCRAM
 * users are written into the metadata log at format time ({@link scramFormatArgs}).
 */
export function saslProperties(users: readonly KafkaSaslUser[]): Record<string, string> {
  const plainUsers = users.map((u) => `user_${u.username}="${jaasQuote(u.password)}"`).join(' ')
  return {
    'sasl.enabled.mechanisms': 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
    'listener.name.sasl_plaintext.plain.sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required ${plainUsers};`,
    'listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config':
      'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config':
      'org.apache.kafka.common.security.scram.ScramLoginModule required;',
  }
}

/** StorageTool `format` arguments that create the SCRAM credentials of `users`. */
export function scramFormatArgs(users: readonly KafkaSaslUser[]): string[] {
  return users.flatMap((u) =>
    ['SCRAM-SHA-256', 'SCRAM-SHA-512'].flatMap((m) => [
      '--add-scram',
      `${m}=[name=${u.username},password=${u.password}]`,
    ]),
  )
}

/** Input to {@link serverProperties}. */
export interface ServerConfigInput {
  readonly self: NodeAddress
  /** Every node of the cluster, self included. */
  readonly all: readonly NodeAddress[]
  /** Folder of the partition logs and the metadata log. */
  readonly logDir: string
  /** Extra or replacing broker settings. */
  readonly overrides?: Readonly<Record<string, string | number | boolean>>
  /** SASL users: adds a SASL_PLAINTEXT listener on `self.saslPort`. */
  readonly saslUsers?: readonly KafkaSaslUser[]
}

/**
 * Settings for a test cluster: Kafka's defaults except where a test would wait for nothing
 * (rebalance delay) or a small cluster could not satisfy them (replication factors).
 */
export function serverProperties(input: ServerConfigInput): string {
  const { self, all } = input
  const size = all.length
  const replication = Math.min(3, size)
  const minIsr = size >= 3 ? 2 : 1
  const sasl = input.saslUsers && self.saslPort !== undefined ? self.saslPort : undefined
  const settings: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': self.id,
    'controller.quorum.voters': all.map((n) => `${n.id}@127.0.0.1:${n.controllerPort}`).join(','),
    listeners:
      `PLAINTEXT://127.0.0.1:${self.port},CONTROLLER://127.0.0.1:${self.controllerPort}` +
      (sasl ? `,SASL_PLAINTEXT://127.0.0.1:${sasl}` : ''),
    // 127.0.0.1, not localhost: librdkafka may resolve localhost to ::1 first.
    'advertised.listeners':
      `PLAINTEXT://127.0.0.1:${self.port}` + (sasl ? `,SASL_PLAINTEXT://127.0.0.1:${sasl}` : ''),
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map':
      'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT' + (sasl ? ',SASL_PLAINTEXT:SASL_PLAINTEXT' : ''),
    ...(sasl ? saslProperties(input.saslUsers!) : {}),
    'log.dirs': input.logDir,
    'num.partitions': 1,
    'auto.create.topics.enable': true,
    'default.replication.factor': replication,
    'min.insync.replicas': minIsr,
    'offsets.topic.replication.factor': replication,
    // 50 partitions by default; creating them delays the first consumer group of a fresh broker.
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.replication.factor': replication,
    'transaction.state.log.min.isr': minIsr,
    'transaction.state.log.num.partitions': 10,
    'share.coordinator.state.topic.replication.factor': replication,
    'share.coordinator.state.topic.min.isr': minIsr,
    'group.initial.rebalance.delay.ms': 0, // 3 s by default: every first join would wait for it
    // A killed node is fenced (and its partitions move) after this; 9 s by default.
    'broker.session.timeout.ms': 6_000,
    'broker.heartbeat.interval.ms': 1_000,
    ...input.overrides,
  }
  return `${Object.entries(settings)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`
}

const xmlAttribute = (value: string): string =>
  value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;')

/**
 * A Log4j2 configuration writing everything at INFO to `logFile`, appending across restarts so a
 * killed-and-restarted node keeps one log.
 */
export function log4j2Xml(logFile: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Configuration status="WARN">
  <Appenders>
    <File name="file" fileName="${xmlAttribute(logFile)}" append="true">
      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
    </File>
  </Appenders>
  <Loggers>
    <Root level="INFO"><AppenderRef ref="file"/></Root>
  </Loggers>
</Configuration>
`
}

/** A Log4j2 configuration for short-lived tools: warnings and errors only, on stderr. */
export const quietLog4j2Xml = `<?xml version="1.0" encoding="UTF-8"?>
<Configuration status="WARN">
  <Appenders>
    <Console name="stderr" target="SYSTEM_ERR"><PatternLayout pattern="%p %m (%c)%n"/></Console>
  </Appenders>
  <Loggers>
    <Root level="WARN"><AppenderRef ref="stderr"/></Root>
  </Loggers>
</Configuration>
`
