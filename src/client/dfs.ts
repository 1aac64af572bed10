// The DFS as a library: what `shoal dfs ...` runs, and what any program can
// use. Paths are absolute DFS paths; bytes move as async iterables (a local
// file given as a LocalFile is read straight into its chunks).
import { randomBytes } from 'node:crypto'
import type { Chunk, StatResult } from '../../protocols/dfs/dfs.js'
import { chunkSizeProblem } from '../../protocols/dfs/limits.js'
import { cutChunks, type ByteSource } from './chunker.js'
import { downloadPieces, piecesOf } from './dfs-download.js'
import { uploadChunks } from './dfs-upload.js'
import { CodedError } from '../peer/errors.js'
import { UserError } from './errors.js'
import { ClientSession } from './client-session.js'
import { MasterClient } from './master-client.js'
import type { Swarm } from './swarm.js'
import type { DfsEntry, DirStat, FileStat, ReplicaState } from './dfs-types.js'

export type { DfsEntry, DirStat, FileStat, ReplicaState }

export const DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024
export const DEFAULT_REPLICAS = 2


/** Every method takes a signal: aborting it stops the operation at once, streams and all. */
export interface Abortable {
  signal?: AbortSignal
}

export interface PutOptions extends Abortable {
  chunkSize?: number
  replicas?: number
  /** Replace an existing file. */
  force?: boolean
  /** Settle for fewer replicas, down to one, while fewer chunk servers are up (Shoal's own files on a small swarm: uploaded code, job output). */
  fewerReplicas?: boolean
  onProgress?: (bytes: number) => void
}

export interface ReadOptions extends Abortable {
  offset?: number
  length?: number
  /** Hears the file's size once it is known, before any byte comes (for a progress display). */
  onSize?: (bytes: number) => void
}

export class DfsClient {
  private readonly master: MasterClient
  private readonly session = new ClientSession(async () => (await this.master.call('session', {})).clientId)

  constructor (private readonly swarm: Swarm) {
    this.master = new MasterClient(swarm)
  }

  /** Stores `source` at `path`; the file appears whole when the put commits, never before. Missing parent directories are created. */
  async put (path: string, source: ByteSource, options: PutOptions = {}): Promise<FileStat> {
    const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE
    checkChunkSize(chunkSize)
    const { signal } = options
    const force = options.force === true
    const replicas = await this.prepareReplicas(path, chunkSize, options.replicas ?? DEFAULT_REPLICAS, options.fewerReplicas === true, force, signal)
    const putId = randomBytes(8).toString('hex')
    const chunks = await uploadChunks(this.swarm.node, this.master, cutChunks(source, chunkSize), { replicas, chunkSize, putId, onProgress: options.onProgress, signal })
    await this.commit(path, chunks, chunkSize, replicas, force, putId, signal)
    return fileStat(path, await this.statFile(path, signal))
  }

  /**
   * Appends `source` as one record at the end of the file, atomically: readers
   * see all of it or none, and concurrent appends each land once, in some
   * order. A missing file is created (with the default chunk size and
   * replication, or those given).
   */
  async append (path: string, source: ByteSource, options: Omit<PutOptions, 'force'> = {}): Promise<{ offset: number, size: number }> {
    const { signal } = options
    let target = await this.stat(path, { signal }).catch((err: unknown) => {
      if (err instanceof CodedError && err.code === 'NOT_FOUND') return undefined
      throw err
    })
    if (target === undefined) {
      const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE
      checkChunkSize(chunkSize)
      const replicas = options.replicas ?? DEFAULT_REPLICAS
      try {
        await this.prepare(path, chunkSize, replicas, false, signal)
        await this.commit(path, [], chunkSize, replicas, false, '', signal)
      } catch (err) {
        // Another client created it first (before our prepare or our commit): append to theirs.
        if (!(err instanceof CodedError && err.code === 'EXISTS')) throw err
      }
      target = await this.stat(path, { signal })
    }
    if (target.type !== 'file') throw new CodedError('IS_A_DIRECTORY', `${path} is a directory`)
    const putId = randomBytes(8).toString('hex')
    const chunks = await uploadChunks(this.swarm.node, this.master, cutChunks(source, target.chunkSize), { replicas: target.replicas, chunkSize: target.chunkSize, putId, onProgress: options.onProgress, signal })
    const stamp = await this.session.begin(signal)
    try {
      const { offset, size } = await this.master.call('append', { path, chunks, putId, ...stamp }, signal)
      return { offset, size }
    } catch (err) {
      if (err instanceof CodedError && err.code === 'SESSION_EXPIRED') this.session.expired(stamp.clientId)
      throw err
    } finally {
      this.session.answered(stamp)
    }
  }

  async stat (path: string, options: Abortable = {}): Promise<FileStat | DirStat> {
    const response = await this.master.call('stat', { path }, options.signal)
    if (response.type === 'dir') return { type: 'dir', path, entries: response.entries }
    return fileStat(path, response)
  }

  /** The bytes of a file, or of `length` bytes from `offset`; only the chunks that range needs are fetched. */
  async * read (path: string, options: ReadOptions = {}): AsyncGenerator<Uint8Array> {
    const file = await this.statFile(path, options.signal)
    const offset = options.offset ?? 0
    const length = options.length ?? Number.MAX_SAFE_INTEGER - offset
    if (!Number.isSafeInteger(offset) || offset < 0) throw new UserError(`offset must be a whole number of bytes, not ${offset}`)
    if (!Number.isSafeInteger(length) || length < 0) throw new UserError(`length must be a whole number of bytes, not ${length}`)
    options.onSize?.(file.size)
    yield * downloadPieces(this.swarm.node, piecesOf(file.chunks, offset, length), file.chunkSize, options.signal)
  }

  async list (path = '/', options: Abortable = {}): Promise<DfsEntry[]> {
    const response = await this.master.call('list', { path }, options.signal)
    return response.entries.map(e => e.type === 'dir'
      ? { name: e.name, type: 'dir', entries: e.entries }
      : { name: e.name, type: 'file', size: e.size, chunkSize: e.chunkSize, replicas: e.replicas, mtime: e.mtime, chunks: e.chunks })
  }

  /** Removes a file, or a directory (with `recursive` when it is not empty); resolves with how many files went. */
  async remove (path: string, options: Abortable & { recursive?: boolean } = {}): Promise<number> {
    return (await this.master.call('rm', { path, recursive: options.recursive === true }, options.signal)).files
  }

  async move (from: string, to: string, options: Abortable = {}): Promise<void> {
    await this.master.call('mv', { from, to }, options.signal)
  }

  async mkdir (path: string, options: Abortable & { parents?: boolean } = {}): Promise<void> {
    await this.master.call('mkdir', { path, parents: options.parents === true }, options.signal)
  }

  /** The master's stat of a file: its chunks with each replica's addresses and liveness. */
  private async statFile (path: string, signal?: AbortSignal): Promise<StatResult> {
    const response = await this.master.call('stat', { path }, signal)
    if (response.type === 'dir') throw new CodedError('IS_A_DIRECTORY', `${path} is a directory`)
    return response
  }

  /** As prepare; with `fewer`, settles for as many replicas as there are chunk servers up. Resolves with the replicas the put will have. */
  private async prepareReplicas (path: string, chunkSize: number, wanted: number, fewer: boolean, force: boolean, signal?: AbortSignal): Promise<number> {
    for (let replicas = wanted; ; replicas--) {
      try {
        await this.prepare(path, chunkSize, replicas, force, signal)
        return replicas
      } catch (err) {
        if (!(fewer && replicas > 1 && err instanceof CodedError && err.code === 'TOO_FEW_SERVERS')) throw err
      }
    }
  }

  /** Checks a put before any byte moves; missing parent directories are created with the file, at its commit. */
  private async prepare (path: string, chunkSize: number, replicas: number, force: boolean, signal?: AbortSignal): Promise<void> {
    await this.master.call('prepare', { path, chunkSize, replicas, force, parents: true }, signal)
  }

  /** Commits a file; a retried commit that finds its own file in place (the first try landed) has succeeded. */
  private async commit (path: string, chunks: Chunk[], chunkSize: number, replicas: number, force: boolean, putId: string, signal?: AbortSignal): Promise<void> {
    try {
      await this.master.call('commit', { path, chunks, chunkSize, replicas, force, putId, parents: true }, signal)
    } catch (err) {
      if (!(err instanceof CodedError && err.code === 'EXISTS')) throw err
      const existing = await this.stat(path, { signal }).catch(() => undefined)
      const same = existing?.type === 'file' && existing.chunks.length === chunks.length && existing.chunks.every((c, i) => c.cid === chunks[i].cid) && existing.chunkSize === chunkSize
      if (!same || chunks.length === 0) throw err
    }
  }
}

function checkChunkSize (chunkSize: number): void {
  const problem = chunkSizeProblem(chunkSize)
  if (problem !== undefined) throw new UserError(problem)
}

function fileStat (path: string, response: StatResult): FileStat {
  return {
    type: 'file',
    path,
    size: response.size,
    chunkSize: response.chunkSize,
    replicas: response.replicas,
    mtime: response.mtime,
    chunks: response.chunks.map(c => ({ cid: c.cid, size: c.size, replicas: c.replicas.map(r => ({ id: r.id, state: r.state as ReplicaState })) }))
  }
}
