// The KV store's answers through network partitions, in real network
// namespaces: three hosts run a peer each (one replica group of 3), a fourth
// runs six clients on a few hot keys (test/helpers/kv-load-child.ts), every
// call recorded with its times. The partitions are partial: a host is cut
// off from the other peers' hosts (blackhole routes both ways) but the
// clients still reach it, so an old leader that kept answering as if it still
// led would be seen. First the group's leader is cut off until the others
// elect another and serve, then healed; then a follower. The whole history
// must be linearizable, and the store must keep serving throughout.
//
// Skipped, with the reason, where namespaces cannot be made (not root, no
// CAP_SYS_ADMIN, no `ip`).
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { groupName } from '../protocols/kv/wire.js'
import { CONTROL_GROUPS } from '../src/peer/council.js'
import { SHOAL_BIN, shoal, tempHome } from './helpers/cli.js'
import { raftConfOnDisk, type KvOp } from './helpers/kv.js'
import { checkOperations, kvModel } from './helpers/linearizability.js'
import { NetnsLab, netnsUnavailable, removeLeftovers, type LabProcess, type NetnsHost } from './helpers/netns.js'
import { waitFor } from './helpers/wait.js'

const NAME = 'linearizable through partial partitions: the leader cut off from its group (clients still reach it), healed; then a follower'
const PORT = 7430
const CHILD = fileURLToPath(new URL('./helpers/kv-load-child.js', import.meta.url))
const KEYS = ['p/a', 'p/b', 'p/c', 'p/d', 'p/e']
const execFileP = promisify(execFile)

async function ip (args: string[]): Promise<void> {
  await execFileP('ip', args, { timeout: 10_000 })
}

/** Cuts `host` off from `others` both ways (blackhole routes); `heal` undoes it. */
async function isolate (host: NetnsHost, others: NetnsHost[]): Promise<void> {
  for (const other of others) {
    await ip(['-n', host.ns, 'route', 'add', 'blackhole', `${other.ip}/32`])
    await ip(['-n', other.ns, 'route', 'add', 'blackhole', `${host.ip}/32`])
  }
}

async function heal (host: NetnsHost, others: NetnsHost[]): Promise<void> {
  for (const other of others) {
    await ip(['-n', host.ns, 'route', 'del', 'blackhole', `${other.ip}/32`]).catch(() => {})
    await ip(['-n', other.ns, 'route', 'del', 'blackhole', `${host.ip}/32`]).catch(() => {})
  }
}

/** The load process: its progress, and its answers to `leader` and `stop`. */
class LoadProcess {
  progress = 0
  private buffered = ''
  private readonly waiting: Array<{ prefix: string, resolve: (rest: string) => void }> = []

  constructor (readonly proc: LabProcess) {
    proc.child.stdout?.on('data', (d: Buffer) => {
      this.buffered += d.toString()
      let end: number
      while ((end = this.buffered.indexOf('\n')) >= 0) {
        const line = this.buffered.slice(0, end)
        this.buffered = this.buffered.slice(end + 1)
        const space = line.indexOf(' ')
        const [prefix, rest] = space < 0 ? [line, ''] : [line.slice(0, space), line.slice(space + 1)]
        if (prefix === 'progress') this.progress = Number(rest)
        const index = this.waiting.findIndex(w => w.prefix === prefix)
        if (index >= 0) this.waiting.splice(index, 1)[0].resolve(rest)
      }
    })
  }

  async ask (command: string, answer: string, timeoutMs = 60_000): Promise<string> {
    const { promise, resolve, reject } = Promise.withResolvers<string>()
    this.waiting.push({ prefix: answer, resolve })
    const timer = setTimeout(() => { reject(new Error(`no "${answer}" from the load process in ${timeoutMs} ms:\n${this.proc.output().slice(-3000)}`)) }, timeoutMs)
    if (command !== '') this.proc.child.stdin?.write(`${command}\n`)
    try {
      return await promise
    } finally {
      clearTimeout(timer)
    }
  }

  async goesOn (what: string, count = 20, timeoutMs = 30_000): Promise<void> {
    const from = this.progress
    await waitFor(`${count} more operations to complete ${what}`, () => {
      if (!this.proc.running) throw new Error(`the load process exited:\n${this.proc.output()}`)
      return this.progress >= from + count
    }, { timeoutMs, intervalMs: 100 })
  }
}

const skipReason = await removeLeftovers().then(async () => netnsUnavailable())

if (skipReason != null) {
  console.log(`SKIP the KV partition test: cannot create network namespaces: ${skipReason}`)
  test.skip(NAME, () => {})
} else {
  test(NAME, async () => {
    await using keyHome = await tempHome('shoal-kv-partition-')
    const keygen = await shoal(['keygen', '--home', keyHome.path])
    assert.is(keygen.code, 0, `keygen: ${keygen.stderr}`)
    const swarmKey = join(keyHome.path, 'swarm.key')
    const lab = await NetnsLab.create(4, { tag: 'k', subnet: '10.213.9' })
    const peerHosts = lab.hosts.slice(0, 3)
    const clientHost = lab.hosts[3]
    const peers: LabProcess[] = []
    let load: LoadProcess | undefined
    try {
      const addr = (host: NetnsHost, id: string): string => `/ip4/${host.ip}/tcp/${PORT}/p2p/${id}`
      const start = (host: NetnsHost, via: string[]): LabProcess => {
        const peer = lab.spawn(host, `peer on h${host.index}`, process.execPath, [SHOAL_BIN, 'peer', 'start',
          '--home', join(keyHome.path, `h${host.index}`), '--swarm-key', swarmKey,
          '--listen', `/ip4/${host.ip}/tcp/${PORT}`, ...via.flatMap(a => ['--swarm', a])],
        { env: { SHOAL_EXIT_WITH_PID: String(process.pid), NO_COLOR: '1' } })
        peers.push(peer)
        return peer
      }
      const id1 = (await start(peerHosts[0], []).line(/^peer (\S+)$/m))[1]
      for (const host of peerHosts.slice(1)) start(host, [addr(peerHosts[0], id1)])
      const ids = await Promise.all(peers.map(async p => (await p.line(/^peer (\S+)$/m))[1]))
      const hostOf = (id: string): NetnsHost => peerHosts[ids.indexOf(id)]

      load = new LoadProcess(lab.spawn(clientHost, 'load', process.execPath, [CHILD, keyHome.path, addr(peerHosts[0], id1), KEYS.join(','), '4000'],
        { stdin: true, env: { NO_COLOR: '1' } }))
      const ready = JSON.parse(await load.ask('', 'ready', 60_000)) as { gid: string, peers: string[] }
      assert.equal([...ready.peers].sort(), [...ids].sort(), 'the group is the 3 peers')
      // Every group the partitions test (the KV group, and the control groups it needs) has its 3 voters in every
      // peer's own log: a membership change only a cut-off leader had would leave the other two no quorum.
      const groups = [groupName(ready.gid), ...CONTROL_GROUPS]
      await waitFor('the KV group and the control groups to have 3 voters in every peer\'s log', async () => {
        const confs = await Promise.all(peerHosts.flatMap(host => groups.map(async group => await raftConfOnDisk(join(keyHome.path, `h${host.index}`), group))))
        return confs.every(conf => conf.voters.length === 3 && conf.learners.length === 0)
      }, { timeoutMs: 30_000, intervalMs: 250 })
      await load.ask('start', 'progress')
      await load.goesOn('before any partition')

      const leaderNow = async (): Promise<string> => await waitFor('a leader of the group', async () => {
        const answer = await load!.ask('leader', 'leader')
        return answer === 'none' ? undefined : answer
      }, { timeoutMs: 30_000, intervalMs: 200 })

      // 1. The leader is cut off from the other two; the clients still reach it.
      const leader = await leaderNow()
      const cut = hostOf(leader)
      const rest = peerHosts.filter(h => h !== cut)
      console.log(`cut h${cut.index} (the leader) off from h${rest.map(h => h.index).join(', h')}`)
      await isolate(cut, rest)
      try {
        const next = await leaderNow()
        assert.is.not(hostOf(next), cut, 'the connected two elect a leader of their own')
        console.log(`h${hostOf(next).index} leads`)
        await load.goesOn('while the old leader is cut off', 40)
      } finally {
        await heal(cut, rest)
      }
      await load.goesOn('after the heal', 40)

      // 2. A follower is cut off, then healed.
      const now = await leaderNow()
      const follower = peerHosts.find(h => h !== hostOf(now))!
      const others = peerHosts.filter(h => h !== follower)
      console.log(`cut h${follower.index} (a follower) off`)
      await isolate(follower, others)
      try {
        await load.goesOn('while a follower is cut off', 40)
      } finally {
        await heal(follower, others)
      }
      await load.goesOn('after the second heal', 40)

      const { history, failures } = JSON.parse(await load.ask('stop', 'history', 60_000)) as { history: Array<Omit<KvOp, 'return'> & { return: number | null }>, failures: string[] }
      const ops: KvOp[] = history.map(op => ({ ...op, return: op.return ?? Infinity }))
      const unknown = ops.filter(op => op.return === Infinity).length
      console.log(`${ops.length} operations, ${unknown} writes of unknown outcome; failures: ${[...new Set(failures.map(f => f.replace(/12D3\w+|\d+/g, 'N')))].slice(0, 5).join(' | ')}`)
      const check = checkOperations(kvModel, ops, { timeoutMs: 30_000 })
      if (check.result === 'illegal') console.log(`NOT LINEARIZABLE:\n${check.explanation}`)
      assert.is.not(check.result, 'illegal', check.explanation)
      if (check.result === 'unknown') console.log(`inconclusive: ${check.explanation}`)
    } catch (err) {
      for (const peer of peers) console.error(peer.output().split('\n').slice(-25).join('\n'))
      if (load !== undefined) console.error(load.proc.output().slice(-2000))
      throw err
    } finally {
      await lab.destroy()
    }
  })
}

test.run()
