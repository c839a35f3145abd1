/**
 * JobQuest's own routes, next to seed 004's Kafka API on the same gateway:
 *
 * - GET  /api/users/:userId/progress                      XP, level, streaks, counters, achievements
 * - GET  /api/users/:userId/activity                      the activity log and the notification inbox
 * - POST /api/users/:userId/missions/:missionId/start     activity logger → mission.started
 * - POST /api/users/:userId/missions/:missionId/complete  activity logger → mission.completed
 * - POST /api/users/:userId/missions/:missionId/fail      activity logger → mission.failed
 * - POST /api/users/:userId/jobs/:jobId/apply             activity logger → job.applied
 * - POST /api/users/:userId/notifications/:notificationId/read → notification.read
 *
 * Bodies are checked with the catalog's own zod schemas, and errors use the gateway's envelope
 * (`{ status: 'error', error: { code, message, issues } }`).
 */
import { GatewayError, toHttpError } from '@spool/gateway'
import type { FastifyInstance } from 'fastify'
import type { z } from 'zod'
import {
  jobAppliedData,
  missionCompletedData,
  missionFailedData,
  missionStartedData,
} from '../events/activity.ts'
import type { ProgressStore } from '../game/progress-store.ts'
import type { ActivityLogger } from '../lib/activity-logger.ts'
import type { NotificationService } from '../lib/notifications.ts'

export interface RouteDeps {
  store: ProgressStore
  activityLogger: ActivityLogger
  notifications: NotificationService
}

type Params = { userId: string; missionId: string; jobId: string; notificationId: string }

const ok = <T>(data: T) => ({ status: 'success' as const, data })

/** Parses the body plus ids from the path with a catalog schema; 400 naming every bad field otherwise. */
function parse<S extends z.ZodType>(schema: S, body: unknown, fromPath: Record<string, string>): z.output<S> {
  const result = schema.safeParse({ ...(body && typeof body === 'object' ? body : {}), ...fromPath })
  if (result.success) return result.data
  const issues = result.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }))
  throw new GatewayError(
    400,
    'SPOOL_ERR_VALIDATION',
    `request is invalid: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
    { issues },
  )
}

/**
 * The routes as a Fastify plugin, in their own scope with the gateway's error shape.
 *
 * @example
 * gateway.register(appRoutes({ store, activityLogger, notifications }))
 */
export function appRoutes(deps: RouteDeps) {
  const { store, activityLogger, notifications } = deps

  return async (app: FastifyInstance): Promise<void> => {
    app.setErrorHandler((error, request, reply) => {
      const { statusCode, body } = toHttpError(error)
      if (statusCode >= 500) request.log.error({ err: error }, 'request failed')
      return reply.code(statusCode).send(body)
    })

    app.get<{ Params: Params }>('/api/users/:userId/progress', async (request) =>
      ok(store.view(request.params.userId)),
    )

    app.get<{ Params: Params }>('/api/users/:userId/activity', async (request) => {
      const { userId } = request.params
      return ok({
        userId,
        activities: activityLogger.list(userId),
        notifications: notifications.list(userId),
      })
    })

    app.post<{ Params: Params }>('/api/users/:userId/missions/:missionId/start', async (request, reply) => {
      const { userId, missionId } = request.params
      const mission = parse(missionStartedData, request.body, { missionId })
      reply.code(202)
      return ok(await activityLogger.logMissionStarted(userId, mission))
    })

    app.post<{ Params: Params }>(
      '/api/users/:userId/missions/:missionId/complete',
      async (request, reply) => {
        const { userId, missionId } = request.params
        const { xpEarned, ...mission } = parse(missionCompletedData, request.body, { missionId })
        reply.code(202)
        return ok(await activityLogger.logMissionCompleted(userId, mission, xpEarned))
      },
    )

    app.post<{ Params: Params }>('/api/users/:userId/missions/:missionId/fail', async (request, reply) => {
      const { userId, missionId } = request.params
      const { reason, ...mission } = parse(missionFailedData, request.body, { missionId })
      reply.code(202)
      return ok(await activityLogger.logMissionFailed(userId, mission, reason))
    })

    app.post<{ Params: Params }>('/api/users/:userId/jobs/:jobId/apply', async (request, reply) => {
      const { userId, jobId } = request.params
      const job = parse(jobAppliedData, request.body, { jobId })
      reply.code(202)
      return ok(await activityLogger.logJobApplied(userId, job))
    })

    app.post<{ Params: Params }>('/api/users/:userId/notifications/:notificationId/read', async (request) => {
      const { userId, notificationId } = request.params
      if (!(await notifications.markRead(userId, notificationId))) {
        throw new GatewayError(
          404,
          'SPOOL_ERR_NOT_FOUND',
          `user ${userId} has no notification ${notificationId}`,
          {
            details: { resource: 'notification', name: notificationId },
          },
        )
      }
      return ok({ notificationId, read: true })
    })
  }
}
