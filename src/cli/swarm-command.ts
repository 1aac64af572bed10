// What every `shoal dfs`, `shoal mr` and `shoal kv` command shares: connected clients for
// the length of the command, stopped at once by Ctrl-C (exit 130, as a shell
// reports a command SIGINT ended), and local files given as a path or `-` for
// stdin/stdout.
import { constants, createWriteStream } from 'node:fs'
import { access, rename, rm, stat } from 'node:fs/promises'
import type { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Command } from '@oclif/core/command'
import { LocalFile, type ByteSource } from '../client/chunker.js'
import { DfsClient } from '../client/dfs.js'
import type { KvClient } from '../client/kv.js'
import type { MrClient } from '../client/mr.js'
import { UserError } from '../client/errors.js'
import { Swarm } from '../client/swarm.js'
import { ShoalCommand } from './base.js'
import { Progress } from './progress.js'

/** The exit code of a command ended by SIGINT. */
const INTERRUPTED_EXIT = 130

/**
 * How many bytes a local file's writer buffers before it holds the download
 * back. A get yields thousands of pieces of up to 64 KiB; with the default
 * (64 KiB) the download stopped at every piece until it was written, a round
 * trip to libuv's threads, while with more buffered the pieces that come
 * during one write go out together in the next (one writev). A 256 MiB get
 * spent 0.4-0.6 s more CPU writing its file than reading it; now 0.1-0.2 s.
 */
const FILE_WRITE_BUFFER_BYTES = 1024 * 1024

export abstract class SwarmCommand<T extends typeof Command> extends ShoalCommand<T> {
  private readonly interrupt = new AbortController()

  /**
   * Runs `work` on a connected client. SIGINT aborts `signal`, which stops
   * every transfer and call at once; the listener stays for the rest of the
   * process, so a second Ctrl-C (a terminal sends one, bin/run.js another)
   * changes nothing.
   */
  protected async withDfs<R> (work: (dfs: DfsClient, signal: AbortSignal) => Promise<R>): Promise<R> {
    return await this.withSwarm(async (swarm, signal) => await work(new DfsClient(swarm), signal))
  }

  /** As withDfs, with the MapReduce client too. */
  protected async withJobs<R> (work: (mr: MrClient, dfs: DfsClient, signal: AbortSignal) => Promise<R>): Promise<R> {
    // Loaded here: a dfs command never needs it.
    const { MrClient } = await import('../client/mr.js')
    return await this.withSwarm(async (swarm, signal) => {
      const dfs = new DfsClient(swarm)
      return await work(new MrClient(swarm, dfs), dfs, signal)
    })
  }

  /** As withDfs, with the KV client. */
  protected async withKv<R> (work: (kv: KvClient, signal: AbortSignal) => Promise<R>): Promise<R> {
    const { KvClient } = await import('../client/kv.js')
    return await this.withSwarm(async (swarm, signal) => {
      const kv = new KvClient(swarm)
      try {
        return await work(kv, signal)
      } finally {
        kv.close()
      }
    })
  }

  private async withSwarm<R> (work: (swarm: Swarm, signal: AbortSignal) => Promise<R>): Promise<R> {
    process.on('SIGINT', () => { this.interrupt.abort() })
    const swarm = await Swarm.connect({ home: this.home, swarm: this.flags.swarm })
    try {
      return await work(swarm, this.interrupt.signal)
    } finally {
      await swarm.close({ abandon: this.interrupt.signal.aborted })
    }
  }

  protected override async catch (err: Error & { oclif?: { exit?: number } }): Promise<any> {
    if (!this.interrupt.signal.aborted) return await super.catch(err)
    process.exitCode = INTERRUPTED_EXIT
  }

  /** A progress display on stderr, shown only on a terminal and never with --json. */
  protected progress (label: string, total?: number): Progress {
    return new Progress({ label, total, enabled: process.stderr.isTTY === true && !this.jsonEnabled() })
  }
}

/** A local file, or stdin for `-`, to read from; a missing or unreadable file is the user's error, found before any work. */
export async function openLocal (path: string): Promise<{ source: ByteSource, size?: number }> {
  if (path === '-') return { source: process.stdin }
  const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
    throw new UserError(err.code === 'ENOENT' ? `no such local file ${path}` : `cannot read ${path}: ${err.message}`)
  })
  if (!info.isFile()) throw new UserError(`${path} is not a regular file`)
  await access(path, constants.R_OK).catch((err: NodeJS.ErrnoException) => { throw new UserError(`cannot read ${path}: ${err.message}`) })
  return { source: new LocalFile(path), size: info.size }
}

/**
 * Writes `source` to a local file, or stdout for `-`. A file is written
 * beside its final name and renamed at the end, so a failed get leaves no
 * half file behind.
 */
export async function saveLocal (path: string, source: AsyncIterable<Uint8Array>, signal?: AbortSignal): Promise<void> {
  if (path === '-') {
    try {
      await pipeline(source, process.stdout as Writable, { end: false, signal })
    } catch (err) {
      // The reader went away (`| head`): as for any Unix tool, that is not an error.
      if ((err as NodeJS.ErrnoException).code !== 'EPIPE') throw err
    }
    return
  }
  const partial = `${path}.shoal-partial`
  try {
    await pipeline(source, createWriteStream(partial, { highWaterMark: FILE_WRITE_BUFFER_BYTES }), { signal })
    await rename(partial, path)
  } catch (err) {
    await rm(partial, { force: true })
    throw err
  }
}

/** Passes bytes through, counting them into a progress display. */
export async function * counted (source: AsyncIterable<Uint8Array>, progress: Progress): AsyncGenerator<Uint8Array> {
  for await (const bytes of source) {
    progress.add(bytes.length)
    yield bytes
  }
}
