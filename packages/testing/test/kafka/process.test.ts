import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'node:test'
import { claimDir, sweepStaleDirs, tail } from '../../src/kafka/process.ts'

it('sweepStaleDirs removes only folders whose owner and JVMs are gone', (t) => {
  const parent = mkdtempSync(join(tmpdir(), 'spool-sweep-test-'))
  t.after(() => rmSync(parent, { recursive: true, force: true }))
  const deadPid = spawnSync(process.execPath, ['-e', '']).pid!
  const make = (name: string, owner?: number, jvm?: number): string => {
    const dir = join(parent, name)
    mkdirSync(join(dir, 'node-1'), { recursive: true })
    if (owner !== undefined) writeFileSync(join(dir, 'owner.pid'), `${owner}\n`)
    if (jvm !== undefined) writeFileSync(join(dir, 'node-1', 'jvm.pid'), `${jvm}\n`)
    return dir
  }
  const stale = make('spool-kafka-stale', deadPid, deadPid)
  const jvmAlive = make('spool-kafka-orphan-jvm', deadPid, process.pid)
  const unowned = make('spool-kafka-unowned')
  const mine = mkdtempSync(join(parent, 'spool-kafka-'))
  claimDir(mine)
  const otherPrefix = make('other-stale', deadPid)

  sweepStaleDirs(parent, 'spool-kafka-')

  assert.equal(existsSync(stale), false)
  assert.equal(existsSync(jvmAlive), true)
  assert.equal(existsSync(unowned), true)
  assert.equal(existsSync(mine), true)
  assert.equal(existsSync(otherPrefix), true)
})

it('tail returns the last lines of a file, or nothing for a missing one', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spool-tail-test-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(join(dir, 'log'), 'a\nb\nc\nd\n')
  assert.equal(tail(join(dir, 'log'), 2), 'c\nd')
  assert.equal(tail(join(dir, 'missing'), 2), '')
})
