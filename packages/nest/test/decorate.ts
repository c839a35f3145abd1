/**
 * Applies decorators the way TypeScript's `experimentalDecorators` output does (`__decorate`,
 * `__param`, `__metadata`), so test apps use the real Nest and Spool decorators under Node's type
 * stripping, which has no decorator syntax. `compiled.test.ts` covers the syntax itself.
 */
import 'reflect-metadata'

type AnyClass = abstract new (...args: any[]) => unknown
// Nest's typed decorators (EventPattern<Events>) check descriptors; here any decorator function goes.
type Decorator = (...args: any[]) => unknown

/** `@A() @B() class X {}` */
export function decorateClass<C extends AnyClass>(target: C, ...decorators: ClassDecorator[]): C {
  return (Reflect.decorate(decorators, target as never) as unknown as C) ?? target
}

/** `class X { @A() @B() method() {} }` */
export function decorateMethod(target: AnyClass, method: string, ...decorators: Decorator[]): void {
  const prototype = target.prototype as object
  const descriptor = Object.getOwnPropertyDescriptor(prototype, method)
  if (!descriptor) throw new Error(`${target.name} has no method ${method}`)
  const result = Reflect.decorate(decorators as MethodDecorator[], prototype, method, descriptor)
  Object.defineProperty(prototype, method, (result as PropertyDescriptor | undefined) ?? descriptor)
}

/** `@Dec() param` at position `index` (tsc's `__param`). */
export function param(index: number, decorator: ParameterDecorator): MethodDecorator & ClassDecorator {
  return ((target: object, key: string | symbol | undefined) => decorator(target, key, index)) as never
}

/** What `emitDecoratorMetadata` records for a constructor or method (tsc's `__metadata`). */
export function paramTypes(...types: unknown[]): MethodDecorator & ClassDecorator {
  return Reflect.metadata('design:paramtypes', types) as never
}
