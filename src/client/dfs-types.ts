// What the DFS client answers about files and directories. A module of its
// own, importing nothing, so the console's browser code can share the types.
export type ReplicaState = 'alive' | 'suspect' | 'dead'

export interface FileStat {
  type: 'file'
  path: string
  size: number
  chunkSize: number
  replicas: number
  mtime: number
  chunks: Array<{ cid: string, size: number, replicas: Array<{ id: string, state: ReplicaState }> }>
}

export interface DirStat { type: 'dir', path: string, entries: number }

export type DfsEntry =
  | { name: string, type: 'file', size: number, chunkSize: number, replicas: number, mtime: number, chunks: number }
  | { name: string, type: 'dir', entries: number }
