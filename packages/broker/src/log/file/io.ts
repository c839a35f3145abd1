/**
 * Positional file I/O on FileHandles: whole reads and writes (the kernel may do either in parts),
 * and a walk over the batch headers of a byte range with chunked reads — the one loop behind
 * recovery, index rebuilds and timestamp searches.
 */
import type { FileHandle } from 'node:fs/promises'
import { BATCH_HEADER_SIZE } from '@spool/protocol'
import { LogError, LogErrorCodes } from '../errors.ts'

/** Reads exactly `length` bytes at `position` (fewer only at end of file). */
export async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length)
  let done = 0
  while (done < length) {
    const { bytesRead } = await fh.read(buf, done, length - done, position + done)
    if (bytesRead === 0) return buf.subarray(0, done)
    done += bytesRead
  }
  return buf
}

/** Below this a write goes out as one writev; above, in slices written in parallel. */
const PARALLEL_SLICE = 1 << 20

/**
 * Writes all buffers at `position`. A large group is cut into slices of whole buffers written in
 * parallel (the copies into the page cache then use several threads); a small one is one writev.
 */
export async function writeAllAt(fh: FileHandle, buffers: Buffer[], total: number, position: number) {
  if (total < 2 * PARALLEL_SLICE || buffers.length < 2) return writevAt(fh, buffers, total, position)
  const slices: Promise<void>[] = []
  let start = 0
  let at = position
  let bytes = 0
  for (let i = 0; i < buffers.length; i++) {
    bytes += buffers[i]!.length
    if (bytes >= PARALLEL_SLICE || i === buffers.length - 1) {
      slices.push(writevAt(fh, buffers.slice(start, i + 1), bytes, at))
      at += bytes
      start = i + 1
      bytes = 0
    }
  }
  await Promise.all(slices)
}

async function writevAt(fh: FileHandle, buffers: Buffer[], total: number, position: number) {
  // One buffer (the common single-batch produce): write() is a little cheaper than writev().
  let { bytesWritten } =
    buffers.length === 1
      ? await fh.write(buffers[0]!, 0, total, position)
      : await fh.writev(buffers, position)
  while (bytesWritten < total) {
    // A short write (rare: signals, quotas): resume exactly where it stopped.
    let skip = bytesWritten
    const rest: Buffer[] = []
    for (const b of buffers) {
      if (skip >= b.length) skip -= b.length
      else {
        rest.push(skip > 0 ? b.subarray(skip) : b)
        skip = 0
      }
    }
    const r = await fh.writev(rest, position + bytesWritten)
    if (r.bytesWritten === 0) throw new LogError(LogErrorCodes.STORAGE, 'short write: no progress')
    bytesWritten += r.bytesWritten
  }
}

export type WalkStop = 'end' | 'torn' | 'invalid' | 'stopped'

/**
 * Visits the batches in [from, end): `visit(bytes, position, size)` gets the whole batch when
 * `wholeBatches`, else at least its 61-byte header. It returns false to stop. Resolves with the
 * position of the first batch not visited and why the walk ended ('torn': a batch runs past `end`;
 * 'invalid': a header that cannot be a v2 batch).
 */
export async function walkBatches(
  fh: FileHandle,
  from: number,
  end: number,
  wholeBatches: boolean,
  visit: (bytes: Buffer, position: number, size: number) => boolean,
  chunkBytes = 1 << 20,
): Promise<{ position: number; stop: WalkStop }> {
  let pos = from
  while (pos < end) {
    const chunk = await readAt(fh, pos, Math.min(chunkBytes, end - pos))
    let at = 0
    while (true) {
      if (pos + at >= end) return { position: pos + at, stop: 'end' }
      if (at + BATCH_HEADER_SIZE > chunk.length) {
        // Nothing parsed from this chunk: the file ends inside a header.
        if (at === 0) return { position: pos, stop: 'torn' }
        break
      }
      const size = 12 + chunk.readInt32BE(at + 8)
      if (size < BATCH_HEADER_SIZE || chunk[at + 16] !== 2) return { position: pos + at, stop: 'invalid' }
      if (pos + at + size > end) return { position: pos + at, stop: 'torn' }
      let bytes = chunk.subarray(at, at + size)
      if (at + size > chunk.length && wholeBatches) {
        if (at > 0) break // re-read from this batch so it starts a chunk
        bytes = await readAt(fh, pos, size)
        if (bytes.length < size) return { position: pos, stop: 'torn' }
      }
      if (!visit(bytes, pos + at, size)) return { position: pos + at, stop: 'stopped' }
      at += size
    }
    pos += at
  }
  return { position: pos, stop: 'end' }
}
