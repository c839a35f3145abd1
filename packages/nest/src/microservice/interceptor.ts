/**
 * Keeps a microservice handler's original error for `SpoolTransport`. Nest's RPC exception
 * filters turn an unknown error into `{ status: 'error', message: 'Internal server error' }`
 * before a transport sees it; a dead letter would then say nothing useful, and a
 * `NonRetryableError` would be retried. Interceptors run inside the filters, so this one sees
 * the real error, notes it on the `SpoolContext`, and rethrows it unchanged (filters, and what
 * they log, are unaffected). `SpoolModule` registers it globally; register it yourself
 * (`app.useGlobalInterceptors(new SpoolErrorInterceptor())`) when using the transport without
 * the module.
 */
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common'
import { catchError, type Observable, throwError } from 'rxjs'
import { recordFailure, SpoolContext } from './context.ts'

/**
 * @example
 * const app = await NestFactory.createMicroservice(AppModule, { strategy: new SpoolTransport({ bus }) })
 * app.useGlobalInterceptors(new SpoolErrorInterceptor()) // only when AppModule does not import SpoolModule
 */
export class SpoolErrorInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle()
    const rpc = context.switchToRpc().getContext()
    if (!(rpc instanceof SpoolContext)) return next.handle()
    return next.handle().pipe(
      catchError((error: unknown) => {
        recordFailure(rpc, error)
        return throwError(() => error)
      }),
    )
  }
}

Injectable()(SpoolErrorInterceptor)
