/** The media service's files, in memory (a real service keeps them in object storage). */
export interface MediaFile {
  mediaId: string
  ownerId: string
  fileName: string
  contentType: string
  size: number
  renditions: string[]
  /** A file under legal hold cannot be deleted until the hold is released. */
  legalHold: boolean
  uploadedAt: string
}

export class MediaRepository {
  readonly files = new Map<string, MediaFile>()
}
