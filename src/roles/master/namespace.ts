// The DFS namespace: directories, files as ordered chunk lists, and how many
// times each chunk is referenced. It is the master's state machine in the
// replicated log, so it is pure and deterministic: no clock, no randomness, no
// I/O. Replicas that apply the same commands in the same order hold the same
// state and return the same results; times arrive inside commands. Nothing
// observable depends on Map insertion order (which a restored replica does not
// share): listings, released cids, chunks() and snapshots are all sorted.
//
// A command applies whole or throws a NamespaceError and changes nothing: each
// one checks everything it can refuse before its first mutation.
import { MAX_CHUNK_SIZE } from '../../../protocols/dfs/limits.js'
import { CodedError } from '../../peer/errors.js'
import { decodeJson, encodeJson } from '../json-state.js'
import { joinPath, pathProblem, splitPath } from './paths.js'

/** A CIDv1 of a sha256 in base32 is 59 characters; the rest is room for other hashes, and a cap on memory. */
export const MAX_CID_LENGTH = 256

export interface ChunkRef { readonly cid: string, readonly size: number }

export interface MkdirCommand { op: 'mkdir', path: string, parents?: boolean }
/** Creates a file, or with `force` replaces one, in one step: readers see the old file or the new, never half. */
export interface CommitCommand { op: 'commit', path: string, chunks: readonly ChunkRef[], chunkSize: number, replicas: number, force?: boolean, mtime: number, parents?: boolean }
/**
 * Adds chunks at the end of an existing file in one step (a record append).
 * Sent with a client session (ReplicatedState), a retry lands once.
 */
export interface AppendCommand { op: 'append', path: string, chunks: readonly ChunkRef[], mtime: number }
export interface RmCommand { op: 'rm', path: string, recursive?: boolean }
export interface MvCommand { op: 'mv', from: string, to: string }
export type NamespaceCommand = MkdirCommand | CommitCommand | AppendCommand | RmCommand | MvCommand

// Every result carries `released`: the cids whose count fell to 0, sorted,
// which chunk servers may now collect (after checking the count again, since a
// later commit may reference the same content).
export interface MkdirResult { op: 'mkdir', path: string, created: string[], released: string[] }
export interface CommitResult { op: 'commit', path: string, file: FileInfo, replaced: boolean, released: string[] }
/** Where the record landed: bytes from `offset`, chunks from `index` (`count` of them); `size` is the file's size after it. */
export interface AppendResult { op: 'append', path: string, offset: number, index: number, count: number, size: number, released: string[] }
export interface RmResult { op: 'rm', path: string, files: number, dirs: number, released: string[] }
export interface MvResult { op: 'mv', from: string, to: string, released: string[] }
export type NamespaceResult = MkdirResult | CommitResult | AppendResult | RmResult | MvResult
export type ResultOf<C extends NamespaceCommand> = Extract<NamespaceResult, { op: C['op'] }>

export interface FileInfo { type: 'file', path: string, size: number, chunkSize: number, replicas: number, mtime: number, chunks: ChunkRef[] }
export interface DirInfo { type: 'dir', path: string, entries: number }
export type ListEntry =
  | { name: string, type: 'file', size: number, chunkSize: number, replicas: number, mtime: number, chunks: number }
  | { name: string, type: 'dir', entries: number }
/** A referenced chunk and the replication it wants: the largest factor of the files using it. */
export interface ChunkDemand { cid: string, size: number, replicas: number, refs: number }

export type NamespaceErrorCode = 'NOT_FOUND' | 'EXISTS' | 'NOT_A_DIRECTORY' | 'IS_A_DIRECTORY' | 'NOT_EMPTY' | 'BAD_PATH' | 'BAD_REQUEST'

/** A refusal of the namespace: a coded error with one of its own codes. */
export class NamespaceError extends CodedError {
  override name = 'NamespaceError'
  declare readonly code: NamespaceErrorCode
  constructor (code: NamespaceErrorCode, message: string) {
    super(code, message)
  }
}

interface DirEntry { kind: 'dir', children: Map<string, Entry> }
interface FileEntry { kind: 'file', chunks: ChunkRef[], chunkSize: number, replicas: number, size: number, mtime: number }
type Entry = DirEntry | FileEntry
// Most chunks are wanted at one factor by all their references; only a chunk
// shared by files of different factors pays for a map (memory and GC time are
// what a namespace of millions of chunks runs out of).
interface ChunkCount {
  size: number
  refs: number
  /** The factor every reference wants, while `mixed` is undefined. */
  factor: number
  /** factor -> how many references want it, once they differ */
  mixed?: Map<number, number>
}
/** Where a name goes: its parent directory, and what is there now. */
interface Slot { parent: DirEntry, name: string, entry: Entry | undefined }

// The snapshot: cids interned once (sorted), the tree breadth-first with sorted
// children (no recursion, however deep). Version 1 also held the append
// requestIds remembered before client sessions replaced them; they are ignored.
// A tree row names its parent by row number, -1 for the root.
type TreeRow = [parent: number, name: string] | [parent: number, name: string, chunkSize: number, replicas: number, mtime: number, chunks: number[]]
interface SnapshotData { version: 1 | 2, cids: Array<[cid: string, size: number]>, tree: TreeRow[] }

export class Namespace {
  private readonly root: DirEntry = newDir()
  private readonly counts = new Map<string, ChunkCount>()

  /**
   * Applies one command. Commands come decoded from the log, so every field is
   * checked at run time; a refused command throws NamespaceError and changes nothing.
   */
  apply<C extends NamespaceCommand> (command: C): ResultOf<C> {
    if (typeof command !== 'object' || command === null) throw bad('a namespace command is an object')
    const c = command as NamespaceCommand
    switch (c.op) {
      case 'mkdir': return this.mkdir(c) as ResultOf<C>
      case 'commit': return this.commit(c) as ResultOf<C>
      case 'append': return this.append(c) as ResultOf<C>
      case 'rm': return this.rm(c) as ResultOf<C>
      case 'mv': return this.mv(c) as ResultOf<C>
      default: throw bad(`unknown namespace command ${JSON.stringify((c as { op?: unknown }).op)}`)
    }
  }

  /** What is at `path`, or undefined when nothing is (or a file stands where a directory would be). */
  stat (path: string): FileInfo | DirInfo | undefined {
    let entry: Entry | undefined = this.root
    for (const name of checkedPath(path)) {
      if (entry?.kind !== 'dir') return undefined
      entry = entry.children.get(name)
    }
    if (entry === undefined) return undefined
    return entry.kind === 'file' ? fileInfo(path, entry) : { type: 'dir', path, entries: entry.children.size }
  }

  /** The entries of the directory at `path`, sorted by name. */
  list (path: string): ListEntry[] {
    return sortedChildren(this.directory(checkedPath(path))).map(([name, entry]) => entry.kind === 'dir'
      ? { name, type: 'dir', entries: entry.children.size }
      : { name, type: 'file', size: entry.size, chunkSize: entry.chunkSize, replicas: entry.replicas, mtime: entry.mtime, chunks: entry.chunks.length })
  }

  /** How many times files reference `cid` (twice in one file counts twice). */
  refCount (cid: string): number {
    return this.counts.get(cid)?.refs ?? 0
  }

  /** Every referenced chunk, sorted by cid, with the replication it wants (for the repair loop). */
  * chunks (): Generator<ChunkDemand> {
    for (const cid of [...this.counts.keys()].sort()) {
      const count = this.counts.get(cid)
      if (count === undefined) continue
      const replicas = count.mixed === undefined ? count.factor : Math.max(...count.mixed.keys())
      yield { cid, size: count.size, replicas, refs: count.refs }
    }
  }

  /** The whole state as compact JSON; the same state gives the same bytes. */
  snapshot (): Uint8Array {
    const cids = [...this.counts.keys()].sort()
    const interned = new Map(cids.map((cid, i) => [cid, i]))
    const tree: TreeRow[] = []
    const queue: Array<[DirEntry, number]> = [[this.root, -1]]
    for (let next = 0; next < queue.length; next++) {
      const [dir, row] = queue[next]
      for (const [name, entry] of sortedChildren(dir)) {
        if (entry.kind === 'dir') queue.push([entry, tree.length])
        tree.push(entry.kind === 'dir'
          ? [row, name]
          : [row, name, entry.chunkSize, entry.replicas, entry.mtime, entry.chunks.map(chunk => interned.get(chunk.cid) as number)])
      }
    }
    const data: SnapshotData = {
      version: 2,
      cids: cids.map(cid => [cid, (this.counts.get(cid) as ChunkCount).size]),
      tree
    }
    return encodeJson(data)
  }

  /** A namespace equal in every observable way to the one that took `bytes`; reference counts are recounted. */
  static restore (bytes: Uint8Array): Namespace {
    const data = decodeJson<SnapshotData>(bytes)
    if (data?.version !== 1 && data?.version !== 2) throw new Error(`not a namespace snapshot (version ${JSON.stringify(data?.version)})`)
    const ns = new Namespace()
    const refs = data.cids.map(([cid, size]) => ({ cid, size }))
    const rows: Entry[] = []
    for (const row of data.tree) {
      const [parent, name] = row
      const dir = parent === -1 ? ns.root : rows[parent]
      if (dir?.kind !== 'dir') throw new Error(`corrupt namespace snapshot: row ${rows.length} has no parent directory`)
      let entry: Entry = newDir()
      if (row.length === 6) {
        const [, , chunkSize, replicas, mtime, chunks] = row
        const list = chunks.map(i => refs[i])
        entry = { kind: 'file', chunks: list, chunkSize, replicas, mtime, size: list.reduce((sum, c) => sum + c.size, 0) }
        ns.retain(list, replicas)
      }
      dir.children.set(name, entry)
      rows.push(entry)
    }
    return ns
  }

  private mkdir (command: MkdirCommand): MkdirResult {
    const segments = checkedPath(command.path)
    const parents = flag(command.parents, 'parents')
    // Walk what exists first, so a refusal comes before anything is created.
    let dir = this.root
    let depth = 0
    for (; depth < segments.length; depth++) {
      const next = dir.children.get(segments[depth])
      if (next === undefined) break
      if (next.kind === 'file') {
        const at = joinPath(segments.slice(0, depth + 1))
        if (depth === segments.length - 1) throw new NamespaceError('EXISTS', `${at} exists (a file)`)
        throw new NamespaceError('NOT_A_DIRECTORY', `${at} is a file, not a directory`)
      }
      dir = next
    }
    const created: string[] = []
    if (depth === segments.length) {
      if (parents) return { op: 'mkdir', path: command.path, created, released: [] }
      throw new NamespaceError('EXISTS', `${command.path} exists`)
    }
    if (depth < segments.length - 1 && !parents) {
      throw new NamespaceError('NOT_FOUND', `no such directory ${joinPath(segments.slice(0, depth + 1))}; create parents with parents: true`)
    }
    for (; depth < segments.length; depth++) {
      const made = newDir()
      dir.children.set(segments[depth], made)
      dir = made
      created.push(joinPath(segments.slice(0, depth + 1)))
    }
    return { op: 'mkdir', path: command.path, created, released: [] }
  }

  private commit (command: CommitCommand): CommitResult {
    const segments = checkedPath(command.path)
    const chunkSize = integer(command.chunkSize, 'chunkSize', 1, MAX_CHUNK_SIZE)
    const replicas = integer(command.replicas, 'replicas', 1)
    const force = flag(command.force, 'force')
    const mtime = integer(command.mtime, 'mtime', 0)
    const { chunks, size } = this.checkChunks(command.chunks, chunkSize, 0)
    // Missing directories come with the file, in this one entry: a put that never commits leaves none behind.
    if (flag(command.parents, 'parents') && segments.length > 1) this.mkdir({ op: 'mkdir', path: joinPath(segments.slice(0, -1)), parents: true })
    const { parent, name, entry: old } = this.slot(segments, () => new NamespaceError('IS_A_DIRECTORY', '/ is a directory'))
    if (old?.kind === 'dir') throw new NamespaceError('IS_A_DIRECTORY', `${command.path} is a directory`)
    if (old !== undefined && !force) throw new NamespaceError('EXISTS', `${command.path} exists; replacing it needs force`)
    const file: FileEntry = { kind: 'file', chunks, chunkSize, replicas, size, mtime }
    // Count the new references before dropping the old, so a chunk in both is never released.
    this.retain(chunks, replicas)
    const released: string[] = []
    if (old !== undefined) this.release(old.chunks, old.replicas, released)
    parent.children.set(name, file)
    return { op: 'commit', path: command.path, file: fileInfo(command.path, file), replaced: old !== undefined, released: released.sort() }
  }

  // Appending to a missing file is NOT_FOUND, as in GFS record append: the
  // client creates the file first with commit, so its chunk size and
  // replication come from one command and not from whichever of several
  // concurrent first appenders wins.
  private append (command: AppendCommand): AppendResult {
    const segments = checkedPath(command.path)
    const mtime = integer(command.mtime, 'mtime', 0)
    const { entry: file } = this.slot(segments, () => new NamespaceError('IS_A_DIRECTORY', '/ is a directory'))
    if (file === undefined) throw new NamespaceError('NOT_FOUND', `no such file ${command.path}; create it with commit before appending`)
    if (file.kind === 'dir') throw new NamespaceError('IS_A_DIRECTORY', `${command.path} is a directory`)
    const { chunks, size } = this.checkChunks(command.chunks, file.chunkSize, file.size)
    const record = { offset: file.size, index: file.chunks.length, count: chunks.length, size: file.size + size }
    this.retain(chunks, file.replicas)
    for (const chunk of chunks) file.chunks.push(chunk)
    file.size = record.size
    file.mtime = mtime
    return { op: 'append', path: command.path, ...record, released: [] }
  }

  private rm (command: RmCommand): RmResult {
    const segments = checkedPath(command.path)
    const recursive = flag(command.recursive, 'recursive')
    const { parent, name, entry } = this.slot(segments, () => bad('the root directory cannot be removed'))
    if (entry === undefined) throw new NamespaceError('NOT_FOUND', `no such file or directory ${command.path}`)
    if (entry.kind === 'dir' && entry.children.size > 0 && !recursive) {
      throw new NamespaceError('NOT_EMPTY', `${command.path} is not empty; removing it needs recursive`)
    }
    const released: string[] = []
    let files = 0
    let dirs = 0
    const stack: Entry[] = [entry]
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      if (next.kind === 'dir') {
        dirs++
        for (const child of next.children.values()) stack.push(child)
      } else {
        files++
        this.release(next.chunks, next.replicas, released)
      }
    }
    parent.children.delete(name)
    return { op: 'rm', path: command.path, files, dirs, released: released.sort() }
  }

  // mv never replaces: an existing destination is EXISTS, so "first to commit
  // wins" also holds for a file written elsewhere and moved into place.
  private mv (command: MvCommand): MvResult {
    const from = checkedPath(command.from, 'from')
    const to = checkedPath(command.to, 'to')
    if (command.to.startsWith(command.from + '/')) {
      throw bad(`cannot move ${command.from} into itself (${command.to})`)
    }
    const source = this.slot(from, () => bad('the root directory cannot be moved'))
    if (source.entry === undefined) throw new NamespaceError('NOT_FOUND', `no such file or directory ${command.from}`)
    const target = this.slot(to, () => new NamespaceError('EXISTS', '/ exists'))
    if (target.entry !== undefined) throw new NamespaceError('EXISTS', `${command.to} exists`)
    source.parent.children.delete(source.name)
    target.parent.children.set(target.name, source.entry)
    return { op: 'mv', from: command.from, to: command.to, released: [] }
  }

  /** The directory at `segments`, or NOT_FOUND / NOT_A_DIRECTORY naming the first step that fails. */
  private directory (segments: readonly string[]): DirEntry {
    let dir = this.root
    for (let depth = 0; depth < segments.length; depth++) {
      const next = dir.children.get(segments[depth])
      const at = joinPath(segments.slice(0, depth + 1))
      if (next === undefined) throw new NamespaceError('NOT_FOUND', `no such directory ${at}`)
      if (next.kind === 'file') throw new NamespaceError('NOT_A_DIRECTORY', `${at} is a file, not a directory`)
      dir = next
    }
    return dir
  }

  /** Where a non-root path goes; its parent must be a directory. */
  private slot (segments: readonly string[], atRoot: () => NamespaceError): Slot {
    if (segments.length === 0) throw atRoot()
    const parent = this.directory(segments.slice(0, -1))
    const name = segments[segments.length - 1]
    return { parent, name, entry: parent.children.get(name) }
  }

  /**
   * Checks a command's chunk list against the file's chunk size and against the
   * sizes already known: one cid is one content, so it has one size.
   */
  private checkChunks (value: unknown, chunkSize: number, base: number): { chunks: ChunkRef[], size: number } {
    if (!Array.isArray(value)) throw bad('chunks must be an array of {cid, size}')
    const sizes = new Map<string, number>()
    const chunks: ChunkRef[] = []
    let size = base
    for (let i = 0; i < value.length; i++) {
      const ref: unknown = value[i]
      if (typeof ref !== 'object' || ref === null) throw bad(`chunks[${i}] must be {cid, size}`)
      const { cid, size: bytes } = ref as Record<string, unknown>
      if (typeof cid !== 'string' || cid === '' || cid.length > MAX_CID_LENGTH) {
        throw bad(`chunks[${i}].cid must be a string of 1 to ${MAX_CID_LENGTH} characters`)
      }
      if (!isWhole(bytes, 0, chunkSize)) throw bad(`chunks[${i}].size must be a whole number from 0 to the chunk size ${chunkSize}, not ${JSON.stringify(bytes)}`)
      const length = bytes
      const known = sizes.get(cid) ?? this.counts.get(cid)?.size
      if (known !== undefined && known !== length) throw bad(`chunk ${cid} is ${known} bytes, not ${length}: one cid is one content`)
      sizes.set(cid, length)
      size += length
      chunks.push({ cid, size: length })
    }
    if (!Number.isSafeInteger(size)) throw bad('the file would be larger than 2^53 bytes')
    return { chunks, size: size - base }
  }

  private retain (chunks: readonly ChunkRef[], replicas: number): void {
    for (const { cid, size } of chunks) {
      const count = this.counts.get(cid)
      if (count === undefined) {
        this.counts.set(cid, { size, refs: 1, factor: replicas })
        continue
      }
      if (count.mixed === undefined && count.factor !== replicas) count.mixed = new Map([[count.factor, count.refs]])
      if (count.mixed !== undefined) count.mixed.set(replicas, (count.mixed.get(replicas) ?? 0) + 1)
      count.refs++
    }
  }

  /** Drops one reference per chunk; adds to `released` the cids no file references any more. */
  private release (chunks: readonly ChunkRef[], replicas: number, released: string[]): void {
    for (const { cid } of chunks) {
      const count = this.counts.get(cid) as ChunkCount
      if (count.mixed !== undefined) {
        const wanting = (count.mixed.get(replicas) as number) - 1
        if (wanting > 0) count.mixed.set(replicas, wanting)
        else count.mixed.delete(replicas)
        if (count.mixed.size === 1) {
          count.factor = count.mixed.keys().next().value as number
          count.mixed = undefined
        }
      }
      if (--count.refs === 0) {
        this.counts.delete(cid)
        released.push(cid)
      }
    }
  }

}

function newDir (): DirEntry {
  return { kind: 'dir', children: new Map() }
}

function fileInfo (path: string, file: FileEntry): FileInfo {
  return { type: 'file', path, size: file.size, chunkSize: file.chunkSize, replicas: file.replicas, mtime: file.mtime, chunks: file.chunks.slice() }
}

function sortedChildren (dir: DirEntry): Array<[string, Entry]> {
  return [...dir.children].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)
}

function bad (message: string): NamespaceError {
  return new NamespaceError('BAD_REQUEST', message)
}

function checkedPath (path: unknown, field = 'path'): string[] {
  if (typeof path !== 'string') throw bad(`${field} must be a string`)
  const problem = pathProblem(path)
  if (problem !== undefined) throw new NamespaceError('BAD_PATH', problem)
  return splitPath(path)
}

function flag (value: unknown, field: string): boolean {
  if (value === undefined) return false
  if (typeof value !== 'boolean') throw bad(`${field} must be true or false`)
  return value
}

function isWhole (value: unknown, min: number, max: number): value is number {
  return Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max
}

function integer (value: unknown, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!isWhole(value, min, max)) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`
    throw bad(`${field} must be a whole number ${range}, not ${JSON.stringify(value)}`)
  }
  return value
}
