/**
 * `npm start` — one command: the embedded broker in process, JobQuest and the gateway on a port,
 * a graceful Ctrl-C, and a restart that carries on from where it stopped (broker data and game
 * state both persisted under the data folder).
 */
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { http, tempDir, waitFor } from './helpers.ts'

const exampleDir = join(import.meta.dirname, '..')

/** Runs `node src/main.ts` (what `npm start` runs) on the embedded broker, with its data in `dir`. */
async function start(dir: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SPOOL_BROKER_PORT: '0',
    SPOOL_DATA_DIR: join(dir, 'broker'),
    SPOOL_OFFLINE_PATH: join(dir, 'offline.db'),
    JOBQUEST_DATA_PATH: join(dir, 'jobquest.db'),
    PORT: '0',
    LOG_LEVEL: 'warn',
  }
  delete env.KAFKA_BROKERS
  delete env.KAFKA_BROKER
  const child = spawn(process.execPath, ['src/main.ts'], {
    cwd: exampleDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk) => {
    output += chunk
  })
  child.stderr!.on('data', (chunk) => {
    output += chunk
  })
  const url = await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`)
      return /console\s+(http:\/\/\S+?)\/\s/.exec(output)?.[1]
    },
    'JobQuest to print its address',
    30_000,
  )
  return { child, url, output: () => output }
}

async function interrupt(child: ChildProcess): Promise<number | null> {
  const exited = once(child, 'exit')
  child.kill('SIGINT')
  const [code] = await exited
  return code as number | null
}

describe('example: jobquest npm start', () => {
  it('runs on the embedded broker with one command, stops on Ctrl-C and resumes where it stopped', async (t) => {
    const data = tempDir()
    t.after(() => data.remove())
    const mission = (n: number, xpEarned: number) => ({
      eventType: 'mission.completed',
      data: {
        missionId: `m${n}`,
        missionName: 'Focus Session',
        missionType: 'FOCUS',
        duration: 25,
        xpEarned,
      },
    })

    const first = await start(data.dir)
    t.after(() => first.child.kill('SIGKILL'))
    assert.match(first.output(), /JobQuest is running on Kafka at the embedded broker at 127\.0\.0\.1:\d+/)
    const posted = await http(`${first.url}/api/kafka/events`, {
      body: mission(1, 120),
      headers: { 'x-user-id': 'ada' },
    })
    assert.equal(posted.status, 202)
    await waitFor(
      async () => (await http(`${first.url}/api/users/ada/progress`)).body.data.achievements.length === 1,
      'the mission to be scored',
    )
    const topics = (await http(`${first.url}/api/kafka/topics`)).body.data.topics.map(
      (x: { name: string }) => x.name,
    )
    for (const name of ['mission-events', 'achievements', 'notifications', 'user-activities']) {
      assert.ok(topics.includes(name), `${name} in ${topics}`)
    }
    assert.equal(await interrupt(first.child), 0)
    assert.match(first.output(), /Shutting down gracefully/)

    const second = await start(data.dir)
    t.after(() => second.child.kill('SIGKILL'))
    const kept = (await http(`${second.url}/api/users/ada/progress`)).body.data
    assert.deepEqual(
      [kept.xp, kept.level, kept.achievements.length],
      [120, 2, 1],
      'progress survived the restart',
    )
    const again = await http(`${second.url}/api/kafka/events`, {
      body: mission(2, 90),
      headers: { 'x-user-id': 'ada' },
    })
    assert.equal(again.status, 202)
    const after = await waitFor(async () => {
      const p = (await http(`${second.url}/api/users/ada/progress`)).body.data
      return p.stats.missionsCompleted === 2 && p
    }, 'the second mission')
    assert.equal(after.xp, 210, 'the first mission was not counted again')
    const inbox = (await http(`${second.url}/api/users/ada/activity`)).body.data.notifications
    assert.equal(inbox.length, 2, 'no notification repeated')
    assert.equal(await interrupt(second.child), 0)
  })
})
