/**
 * A small typed client of the four services' HTTP APIs — what the tour and the tests drive the
 * marketplace with. Each call is one HTTP request; errors throw {@link HttpError}.
 */

import type { Comment, PostView } from '../apps/content/posts.repository.ts'
import type { MediaFile } from '../apps/media/media.repository.ts'
import type { Payment } from '../apps/payment/payments.repository.ts'
import type { Subscription, Tier } from '../apps/subscription/subscriptions.repository.ts'
import type { ServiceName } from '../libs/common/config.ts'
import type { DeadLetterView } from '../libs/common/dead-letters.ts'

export class HttpError extends Error {
  readonly status: number
  readonly body: unknown

  constructor(method: string, url: string, status: number, body: unknown) {
    super(`${method} ${url} answered ${status}: ${JSON.stringify(body)}`)
    this.status = status
    this.body = body
  }
}

export class MarketplaceClient {
  readonly urls: Readonly<Record<ServiceName, string>>

  constructor(urls: Readonly<Record<ServiceName, string>>) {
    this.urls = urls
  }

  /** One request; resolves to the status and parsed body, whatever the status. */
  async request<T = unknown>(
    service: ServiceName,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const url = `${this.urls[service]}${path}`
    const response = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    const type = response.headers.get('content-type') ?? ''
    return { status: response.status, body: (type.includes('json') && text ? JSON.parse(text) : text) as T }
  }

  async #call<T>(service: ServiceName, method: string, path: string, body?: unknown): Promise<T> {
    const result = await this.request<T>(service, method, path, body)
    if (result.status >= 400)
      throw new HttpError(method, `${this.urls[service]}${path}`, result.status, result.body)
    return result.body
  }

  // subscription service
  createTier(body: { creatorId: string; name: string; price: number; currency?: string }) {
    return this.#call<Tier>('subscription', 'POST', '/tiers', body)
  }
  subscribe(body: { subscriberId: string; tierId: string; paymentMethodId?: string }) {
    return this.#call<Subscription>('subscription', 'POST', '/subscriptions', body)
  }
  subscription(id: string) {
    return this.#call<Subscription>('subscription', 'GET', `/subscriptions/${id}`)
  }
  cancel(id: string) {
    return this.#call<Subscription>('subscription', 'DELETE', `/subscriptions/${id}`)
  }

  // payment service
  payments(userId: string) {
    return this.#call<Payment[]>('payment', 'GET', `/payments?userId=${encodeURIComponent(userId)}`)
  }
  purchase(postId: string, body: { buyerId: string; paymentMethodId?: string }) {
    return this.#call<Payment>('payment', 'POST', `/posts/${postId}/purchase`, body)
  }
  tip(body: {
    fromUserId: string
    creatorId: string
    postId?: string
    amount: number
    currency?: string
    message?: string
  }) {
    return this.#call<Payment>('payment', 'POST', '/tips', body)
  }

  // content service
  createPost(body: {
    creatorId: string
    title: string
    visibility?: PostView['visibility']
    price?: number
    currency?: string
    mediaIds?: string[]
  }) {
    return this.#call<PostView>('content', 'POST', '/posts', body)
  }
  post(id: string, viewerId?: string) {
    const query = viewerId ? `?viewerId=${encodeURIComponent(viewerId)}` : ''
    return this.#call<PostView>('content', 'GET', `/posts/${id}${query}`)
  }
  deletePost(id: string) {
    return this.#call<string>('content', 'DELETE', `/posts/${id}`)
  }
  like(id: string, userId: string) {
    return this.#call<PostView>('content', 'POST', `/posts/${id}/likes`, { userId })
  }
  unlike(id: string, userId: string) {
    return this.#call<PostView>('content', 'DELETE', `/posts/${id}/likes/${encodeURIComponent(userId)}`)
  }
  comment(id: string, userId: string, text: string) {
    return this.#call<Comment>('content', 'POST', `/posts/${id}/comments`, { userId, text })
  }
  comments(id: string) {
    return this.#call<Comment[]>('content', 'GET', `/posts/${id}/comments`)
  }

  // media service
  upload(body: { ownerId: string; fileName: string; contentType?: string; size?: number }) {
    return this.#call<MediaFile>('media', 'POST', '/media', body)
  }
  /** The file, or undefined once deleted. */
  async media(id: string): Promise<MediaFile | undefined> {
    const { status, body } = await this.request<MediaFile>('media', 'GET', `/media/${id}`)
    if (status === 404) return undefined
    if (status >= 400) throw new HttpError('GET', `${this.urls.media}/media/${id}`, status, body)
    return body
  }
  legalHold(id: string, on: boolean) {
    return this.#call<MediaFile>('media', on ? 'PUT' : 'DELETE', `/media/${id}/legal-hold`)
  }

  // every service
  deadLetters(service: ServiceName) {
    return this.#call<DeadLetterView[]>(service, 'GET', '/dead-letters')
  }
  redrive(service: ServiceName) {
    return this.#call<{ redriven: number }>(service, 'POST', '/dead-letters/redrive')
  }
  health(service: ServiceName) {
    return this.request<{ status: string }>(service, 'GET', '/health')
  }
  metrics(service: ServiceName) {
    return this.#call<string>(service, 'GET', '/metrics')
  }
}

/** The value of one Prometheus sample (`name{label="x",…}`), 0 when absent. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      total += Number(line.split(' ').at(-1))
  }
  return total
}
