import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { defineEvent } from '@spool/catalog'
import { isSpoolError } from '@spool/errors'
import { HandlerRegistrationError, handlerMetadataOf, SpoolHandler, SpoolTopicHandler } from '@spool/nest'
import { z } from 'zod'
import { decorateMethod } from '../decorate.ts'

const Tick = defineEvent({ type: 'tick', topic: 'ticks', schema: z.object({ n: z.number() }) })

describe('nest: handler decorators', () => {
  it('records handlers on the method (experimentalDecorators form), several per method', () => {
    class Handlers {
      both() {}
    }
    decorateMethod(
      Handlers,
      'both',
      SpoolHandler(Tick, { group: 'g', retry: { attempts: 5 } }),
      SpoolTopicHandler(['a', 'b']),
    )
    const metadata = handlerMetadataOf(Handlers.prototype.both)
    assert.deepEqual(
      metadata.map((m) =>
        m.kind === 'event' ? [m.kind, m.event.type, m.options] : [m.kind, m.topics, m.options],
      ),
      // Reflect.decorate applies the last decorator first, as TypeScript does.
      [
        ['topic', ['a', 'b'], {}],
        ['event', 'tick', { group: 'g', retry: { attempts: 5 } }],
      ],
    )
    assert.ok(Object.isFrozen(metadata[0]))
    assert.deepEqual(
      handlerMetadataOf(() => {}),
      [],
    )
    assert.deepEqual(handlerMetadataOf(undefined), [])
  })

  it('records handlers with standard (TC39) decorator arguments', () => {
    function award() {}
    const context = {
      kind: 'method',
      name: 'award',
      static: false,
      private: false,
      metadata: {},
      addInitializer() {},
    }
    SpoolHandler(Tick)(award, context as never)
    assert.deepEqual(
      handlerMetadataOf(award).map((m) => m.kind === 'event' && m.event),
      [Tick],
    )
    for (const [override, what] of [
      [{ kind: 'field' }, /is a field/],
      [{ static: true }, /is a static method/],
      [{ private: true }, /is a private method/],
    ] as const) {
      assert.throws(() => SpoolHandler(Tick)(award, { ...context, ...override } as never), {
        name: 'HandlerRegistrationError',
        message: what,
      })
    }
  })

  it('refuses what cannot be a handler', () => {
    assert.throws(
      () => SpoolHandler({ type: 'x', topic: 't' } as never),
      /needs an event definition made by defineEvent/,
    )
    assert.throws(
      () => SpoolHandler(Tick, { group: '' }),
      /^SpoolError: @SpoolHandler\(tick\): option 'group' /,
    )
    assert.throws(() => SpoolHandler(Tick, null as never), /@SpoolHandler\(tick\): option '\(options\)' /)
    assert.throws(
      () => SpoolHandler(Tick, { gruop: 'xp' } as never),
      (error: unknown) =>
        isSpoolError(error) &&
        error.code === 'SPOOL_ERR_INVALID_OPTION' &&
        error.message === "@SpoolHandler(tick): unknown option 'gruop' (did you mean 'group'?)",
    )
    assert.throws(
      () => SpoolHandler(Tick, { retry: { atempts: 3 } } as never),
      /unknown option 'retry\.atempts' \(did you mean 'retry\.attempts'\?\)/,
    )
    assert.throws(
      () => SpoolTopicHandler('raw', { form: 'latest' } as never),
      /^SpoolError: @SpoolTopicHandler\(raw\): unknown option 'form' \(did you mean 'from'\?\)$/,
    )
    assert.throws(() => SpoolTopicHandler([]), /one or more non-empty topic names/)
    assert.throws(() => SpoolTopicHandler(['ok', '']), /one or more non-empty topic names/)
    class Odd {
      static tick() {}
      get value() {
        return 1
      }
    }
    assert.throws(
      () => SpoolHandler(Tick)(Odd, 'tick', Object.getOwnPropertyDescriptor(Odd, 'tick')!),
      (error: unknown) => error instanceof HandlerRegistrationError && /"tick" is static/.test(error.message),
    )
    assert.throws(
      () =>
        SpoolHandler(Tick)(Odd.prototype, 'value', Object.getOwnPropertyDescriptor(Odd.prototype, 'value')!),
      /"value" is not a method/,
    )
  })
})
