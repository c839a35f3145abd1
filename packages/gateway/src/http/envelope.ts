/**
 * The response shape of every route (seed 004): `{ status: 'success', data }` or
 * `{ status: 'error', error: { code, message, issues? } }`, and JSON Schemas for both so the
 * OpenAPI document shows them and replies serialize fast.
 */

export interface Success<T> {
  status: 'success'
  data: T
}

export const ok = <T>(data: T): Success<T> => ({ status: 'success', data })

export const issueSchema = {
  type: 'object',
  properties: { path: { type: 'string' }, message: { type: 'string' } },
  required: ['path', 'message'],
} as const

export const errorSchema = {
  $id: 'SpoolError',
  type: 'object',
  description: 'Every error reply',
  properties: {
    status: { type: 'string', enum: ['error'] },
    error: {
      type: 'object',
      properties: {
        code: { type: 'string', description: 'Stable code, e.g. SPOOL_ERR_VALIDATION' },
        message: { type: 'string' },
        issues: { type: 'array', items: issueSchema, description: 'Every invalid field (400 only)' },
        details: { type: 'object', additionalProperties: true },
      },
      required: ['code', 'message'],
    },
  },
  required: ['status', 'error'],
} as const

/** `{ status: 'success', data: <schema> }`. */
export function success(data: Record<string, unknown>, description?: string): Record<string, unknown> {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    properties: { status: { type: 'string', enum: ['success'] }, data },
    required: ['status', 'data'],
  }
}

const errorRef = { $ref: 'SpoolError#' }

/** Response schemas: the success one plus the error replies a route can give. */
export function responses(
  successStatus: number,
  data: Record<string, unknown>,
  errors: number[] = [],
  description?: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = { [successStatus]: success(data, description) }
  for (const status of [...new Set([...errors, 401, 403])]) out[status] = errorRef
  return out
}

/** A JSON object whose shape is described but whose extra properties are kept. */
export const open = (properties: Record<string, unknown> = {}, required: string[] = []) => ({
  type: 'object',
  additionalProperties: true,
  properties,
  ...(required.length ? { required } : {}),
})

export const offsetString = {
  type: 'string',
  pattern: '^\\d+$',
  description: '64-bit offset as a decimal string',
}
