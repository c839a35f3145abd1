import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  ConflictError,
  InvalidArgumentError,
  NotConnectedError,
  NotFoundError,
  TimeoutError,
} from '@spool/bus'
import { CommanderError } from 'commander'
import { CliError, codeOf, exitCodeOf, exitCodes } from '../src/errors.ts'

describe('exitCodeOf', () => {
  it('maps the admin errors by their code', () => {
    assert.equal(exitCodeOf(new NotFoundError('topic', 'orders')), exitCodes.notFound)
    assert.equal(exitCodeOf(new ConflictError('exists')), exitCodes.conflict)
    assert.equal(exitCodeOf(new InvalidArgumentError('offset', 'bad')), exitCodes.usage)
    assert.equal(exitCodeOf(new TimeoutError('slow')), exitCodes.unavailable)
    assert.equal(exitCodeOf(new NotConnectedError('down')), exitCodes.unavailable)
  })

  it('treats network failures deep in a client error as unavailable', () => {
    const network = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
    const wrapped = new AggregateError([new AggregateError([network], 'attempts')], 'Listing topics failed.')
    assert.equal(exitCodeOf(wrapped), exitCodes.unavailable)
    assert.equal(exitCodeOf(new Error('boom', { cause: network })), exitCodes.unavailable)
    assert.equal(exitCodeOf(new Error('boom')), exitCodes.failure)
  })

  it('keeps help and version at 0 and other commander errors at 2', () => {
    assert.equal(exitCodeOf(new CommanderError(0, 'commander.helpDisplayed', '')), 0)
    assert.equal(exitCodeOf(new CommanderError(1, 'commander.unknownOption', 'x')), exitCodes.usage)
    assert.equal(exitCodeOf(new CliError('SPOOL_ERR_NOT_FOUND', 'gone')), 3)
    assert.equal(new CliError('SPOOL_ERR_KAFKA_UNAVAILABLE', 'down').retryable, true)
  })
})

describe('codeOf', () => {
  it('reports a Spool code for every error, as --json prints it', () => {
    assert.equal(codeOf(new NotFoundError('topic', 'orders')), 'SPOOL_ERR_NOT_FOUND')
    assert.equal(codeOf(new CliError('SPOOL_ERR_INVALID_ARGUMENT', 'bad line')), 'SPOOL_ERR_INVALID_ARGUMENT')
    const network = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
    assert.equal(codeOf(new Error('boom', { cause: network })), 'SPOOL_ERR_KAFKA_UNAVAILABLE')
    assert.equal(codeOf(new CommanderError(1, 'commander.unknownOption', 'x')), 'SPOOL_ERR_INVALID_OPTION')
    assert.equal(codeOf(Object.assign(new Error('odd'), { code: 'EWHATEVER' })), 'SPOOL_ERR_INTERNAL')
  })
})
