// Three hosts in real network namespaces on one bridge, a peer on each started
// the way README's "Running a swarm across machines" says (h1's with its web
// console on its own address, which then asks every other host for the
// access token). The swarm forms;
// the master's host loses its cable until the other two declare it dead (they
// elect a new master; the cut-off one steps down and no new-term leader ever
// appears on its side); the cable comes back and all three agree again, all
// alive. Skipped, with the reason, where namespaces cannot be made (not root,
// no CAP_SYS_ADMIN, no `ip`).
//
// Each host's view is its own peer's, asked from inside its namespace: polled
// through a long-lived client there (the library `shoal swarm status` uses; a
// CLI run costs about a second of CPU, and three at a time starve the peers),
// and confirmed at the end of every phase by the CLI itself.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SwarmStatus } from '../src/client/swarm.js'
import { SHOAL_BIN, shoal, tempHome } from './helpers/cli.js'
import { NetnsLab, netnsUnavailable, removeLeftovers, type LabProcess, type NetnsHost } from './helpers/netns.js'
import { waitFor } from './helpers/wait.js'

const PORT = 7420
const CONSOLE_PORT = 7480
const NAME = 'three hosts: election, the master\'s host cut off until declared dead, heal'
const SWARM_CLIENT = fileURLToPath(new URL('../src/client/swarm.js', import.meta.url))
const LOOK_TIMEOUT_MS = 10_000
/** A CLI run is a whole Node process: on a loaded machine it can take many seconds. */
const CLI_TIMEOUT_MS = 30_000

type Leader = NonNullable<SwarmStatus['master']>
interface View { host: NetnsHost, status: SwarmStatus }
type Look = (host: NetnsHost) => Promise<View>

const sameLeader = (a: Leader | null, b: Leader | null): boolean => a != null && b != null && a.id === b.id && a.term === b.term
const show = (l: Leader | null): string => l == null ? 'none' : `${l.id.slice(-8)}@${l.term}`
const holders = (status: SwarmStatus, role: string): string[] => status.peers.filter(p => p.roles.includes(role)).map(p => p.id)
const stateOf = (status: SwarmStatus, id: string): string | undefined => status.peers.find(p => p.id === id)?.state

const sameSet = (a: string[], b: string[]): boolean => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort())

/**
 * Every listed peer known to the view and alive, the voters of both control
 * groups exactly those peers, a master and a shardmaster named, each role
 * held by that one peer.
 */
function settled (status: SwarmStatus, ids: string[]): boolean {
  return status.master != null && status.shardmaster != null &&
    ids.every(id => stateOf(status, id) === 'alive') &&
    sameSet(status.council, ids) && sameSet(status.shardmasterCouncil, ids) &&
    JSON.stringify(holders(status, 'master')) === JSON.stringify([status.master.id]) &&
    JSON.stringify(holders(status, 'shardmaster')) === JSON.stringify([status.shardmaster.id])
}

/** All views settled on the same master and the same shardmaster. */
function agreed (views: View[], ids: string[]): boolean {
  const [first] = views
  return views.every(v => settled(v.status, ids) &&
    sameLeader(v.status.master, first.status.master) && sameLeader(v.status.shardmaster, first.status.shardmaster))
}

function describe (views: View[]): string {
  return views.map(({ host, status: s }) =>
    `h${host.index}: master ${show(s.master)}, shardmaster ${show(s.shardmaster)}, council ${s.council.length}, ` +
    `peers ${s.peers.map(p => `${p.id.slice(-8)}:${p.state}:${p.roles.join('+')}`).join(' ')}`).join('\n')
}

/** Rejects if `promise` takes longer than `ms`: a probe that hangs must not outlive its waitFor deadline. */
async function within<T> (ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => { reject(new Error(`${what}: no answer in ${ms} ms`)) }, ms) })
  return Promise.race([promise, timeout]).finally(() => { clearTimeout(timer) })
}

/** A client kept open in a host's namespace: a line on stdin asks its peer for status, a JSON line answers. */
class StatusProbe {
  private readonly proc: LabProcess
  private readonly waiting: Array<(line: string) => void> = []
  private buffered = ''
  private queue: Promise<unknown> = Promise.resolve()

  constructor (lab: NetnsLab, readonly host: NetnsHost, home: string, addr: string) {
    const code = `
      const { Swarm } = await import(process.argv[1])
      const swarm = await Swarm.connect({ home: process.argv[2], swarm: [process.argv[3]] })
      const { createInterface } = await import('node:readline')
      for await (const _ of createInterface({ input: process.stdin })) {
        const reply = await swarm.status().then(status => ({ status }), err => ({ error: String(err?.message ?? err) }))
        process.stdout.write(JSON.stringify(reply) + '\\n')
      }
      await swarm.close()`
    this.proc = lab.spawn(host, `status client on h${host.index}`, process.execPath,
      ['--input-type=module', '-e', code, SWARM_CLIENT, home, addr], { stdin: true, env: { NO_COLOR: '1' } })
    this.proc.child.stdout?.on('data', (d: Buffer) => {
      this.buffered += d.toString()
      let end: number
      while ((end = this.buffered.indexOf('\n')) >= 0) {
        const line = this.buffered.slice(0, end)
        this.buffered = this.buffered.slice(end + 1)
        this.waiting.shift()?.(line)
      }
    })
  }

  async look (): Promise<View> {
    const ask = async (): Promise<View> => {
      if (!this.proc.running) throw new Error(`status client on h${this.host.index} exited:\n${this.proc.output()}`)
      const line = new Promise<string>(resolve => { this.waiting.push(resolve) })
      this.proc.child.stdin?.write('\n')
      const reply = JSON.parse(await line) as { status?: SwarmStatus, error?: string }
      if (reply.status == null) throw new Error(`status on h${this.host.index}: ${reply.error}`)
      return { host: this.host, status: reply.status }
    }
    const answer = this.queue.then(ask)
    this.queue = answer.catch(() => {})
    return within(LOOK_TIMEOUT_MS, `status client on h${this.host.index}`, answer)
  }
}

const skipReason = await removeLeftovers().then(async () => netnsUnavailable())

if (skipReason != null) {
  console.log(`SKIP multi-host: cannot create network namespaces: ${skipReason}`)
  test.skip(NAME, () => {})
} else {
  test(NAME, async () => {
    await using keyHome = await tempHome('shoal-multihost-')
    const keygen = await shoal(['keygen', '--home', keyHome.path])
    assert.is(keygen.code, 0, `keygen: ${keygen.stderr}`)
    const swarmKey = join(keyHome.path, 'swarm.key')

    const lab = await NetnsLab.create(3)
    const [h1] = lab.hosts
    const peers: LabProcess[] = []
    let last: View[] = []
    const peerAddr = (host: NetnsHost, id: string): string => `/ip4/${host.ip}/tcp/${PORT}/p2p/${id}`
    let phaseStart = Date.now()
    const phase = (what: string): void => {
      console.log(`${what} (${((Date.now() - phaseStart) / 1000).toFixed(1)} s)`)
      phaseStart = Date.now()
    }

    try {
      // The lab's network itself: a TCP round trip from h3 to h1 across the bridge.
      const echo = lab.spawn(h1, 'echo server', process.execPath, ['-e',
        `require('net').createServer(s => s.end('pong')).listen(7999, '${h1.ip}', () => console.log('ready'))`])
      await echo.line(/^ready$/m, 5_000)
      const ping = await lab.run(lab.hosts[2], process.execPath, ['-e',
        `require('net').connect(7999, '${h1.ip}').on('data', d => process.stdout.write(d)).on('error', e => { console.error(e.message); process.exit(1) })`], { timeoutMs: 5_000 })
      assert.is(ping.stdout, 'pong', `h3 reaches h1 over the bridge: ${ping.stderr}`)
      await echo.kill()

      // Host 1 founds the swarm; hosts 2 and 3 join through it.
      const homeOf = (host: NetnsHost): string => join(keyHome.path, `h${host.index}`)
      const start = (host: NetnsHost, via: string[], extra: string[] = []): LabProcess => {
        const peer = lab.spawn(host, `peer on h${host.index}`, process.execPath, [SHOAL_BIN, 'peer', 'start',
          '--home', homeOf(host), '--swarm-key', swarmKey,
          '--listen', `/ip4/${host.ip}/tcp/${PORT}`, ...via.flatMap(a => ['--swarm', a]), ...extra],
        { env: { SHOAL_EXIT_WITH_PID: String(process.pid), NO_COLOR: '1' } })
        peers.push(peer)
        return peer
      }
      const consoleUrl = `http://${h1.ip}:${CONSOLE_PORT}/api/swarm`
      const id1 = (await start(h1, [], ['--http', `${h1.ip}:${CONSOLE_PORT}`]).line(/^peer (\S+)$/m))[1]
      for (const host of lab.hosts.slice(1)) start(host, [peerAddr(h1, id1)])
      const ids = await Promise.all(peers.map(async p => (await p.line(/^peer (\S+)$/m))[1]))
      const idOf = (host: NetnsHost): string => ids[host.index - 1]

      const probes = lab.hosts.map(h => new StatusProbe(lab, h, keyHome.path, peerAddr(h, idOf(h))))
      const probe: Look = async host => probes[host.index - 1].look()
      /** `shoal swarm status --json` run in the host's namespace against the host's own peer. */
      const cli: Look = async host => {
        const result = await lab.run(host, process.execPath, [SHOAL_BIN, 'swarm', 'status', '--json', '--home', keyHome.path, '--swarm', peerAddr(host, idOf(host))], { timeoutMs: CLI_TIMEOUT_MS })
        if (result.code !== 0) throw new Error(`swarm status on h${host.index} exited ${result.code}: ${result.stderr.trim()}`)
        return { host, status: JSON.parse(result.stdout) as SwarmStatus }
      }
      const views = async (look: Look, hosts: NetnsHost[]): Promise<View[]> => {
        last = await Promise.all(hosts.map(look))
        return last
      }
      /** Polls the probes until `accept` holds, then has the CLI confirm it. */
      const reach = async (what: string, hosts: NetnsHost[], accept: (views: View[]) => boolean, timeoutMs: number): Promise<View[]> => {
        const seen = await waitFor(what, async () => { const v = await views(probe, hosts); return accept(v) ? v : undefined }, { timeoutMs, intervalMs: 100 })
        await waitFor(`the CLI to confirm ${what}`, async () => accept(await views(cli, hosts)), { timeoutMs: CLI_TIMEOUT_MS, intervalMs: 100 })
        return seen
      }

      // 1. Formation: every host sees the same master, shardmaster and council of 3, all alive.
      const formed = await reach('all 3 hosts to agree on one master, one shardmaster and a council of 3 in both groups, all alive', lab.hosts,
        v => agreed(v, ids), 25_000)
      const before = formed[0].status
      for (const { status } of formed) assert.equal(status.peers.map(p => p.id).sort(), [...ids].sort(), 'exactly the 3 peers')
      phase(`formed: master ${show(before.master)}, shardmaster ${show(before.shardmaster)}`)

      // h1's console, asked from h2 across the bridge: without the token 401, with it the swarm.
      const token = (await readFile(join(homeOf(h1), 'console.token'), 'utf8')).trim()
      const fetchFromH2 = async (headers: Record<string, string>): Promise<string> => (await lab.run(lab.hosts[1], process.execPath, ['-e',
        `fetch(process.argv[1], { headers: JSON.parse(process.argv[2]) }).then(async r => console.log(r.status, await r.text()), e => { console.error(e.message); process.exit(1) })`,
        consoleUrl, JSON.stringify(headers)], { timeoutMs: 10_000 })).stdout
      assert.match(await fetchFromH2({}), /^401 /, 'h1\'s console refuses h2 without the token')
      assert.match(await fetchFromH2({ authorization: `Bearer ${token}` }), new RegExp(`^200 .*${id1}`), 'and shows h2 the swarm with it')

      // 2. Partition: the master's host loses its cable.
      const victim = lab.hosts.find(h => idOf(h) === before.master!.id)
      assert.ok(victim != null, `the master ${before.master!.id} is one of our peers`)
      const majority = lab.hosts.filter(h => h !== victim)
      const majorityIds = majority.map(idOf)
      await lab.cut(victim)

      // All along, the cut-off host is watched: no leader of a newer term may
      // ever appear on its side (it may still name itself at the old term).
      const minority = { looks: 0, violations: [] as string[], stop: false }
      const watching = (async () => {
        while (!minority.stop) {
          const seen = await probe(victim).catch(() => undefined)
          if (seen != null) {
            minority.looks++
            for (const role of ['master', 'shardmaster'] as const) {
              const now = seen.status[role]
              if (now != null && now.term > before[role]!.term) minority.violations.push(`${role} ${show(now)} (was ${show(before[role])})`)
            }
          }
          await new Promise(resolve => setTimeout(resolve, 100))
        }
      })()

      let elected: View[]
      try {
        // Both groups had all three voters, so the two connected ones make a quorum in each.
        elected = await waitFor('the 2 connected hosts to elect a new master in a higher term, and a shardmaster among them', async () => {
          const [a, b] = await views(probe, majority)
          const { master, shardmaster } = a.status
          return master != null && master.term > before.master!.term && majorityIds.includes(master.id) &&
            shardmaster != null && majorityIds.includes(shardmaster.id) &&
            sameLeader(master, b.status.master) && sameLeader(shardmaster, b.status.shardmaster) ? [a, b] : undefined
        }, { timeoutMs: 15_000, intervalMs: 100 })
        // The partition lasts until each side has declared the other dead; by
        // then the old master, alone, has given up its roles (a leader without
        // a majority steps down).
        await waitFor('each side to declare the other dead, and the cut-off old master to step down', async () => {
          const [cut, ...rest] = await views(probe, [victim, ...majority])
          const self = cut.status.peers.find(p => p.id === idOf(victim))
          return rest.every(v => stateOf(v.status, idOf(victim)) === 'dead') &&
            majorityIds.every(id => stateOf(cut.status, id) === 'dead') &&
            self != null && !self.roles.includes('master') && !self.roles.includes('shardmaster')
        }, { timeoutMs: 20_000, intervalMs: 100 })
        const [cut, ...rest] = await waitFor('the CLI to confirm the new master on the connected hosts', async () => {
          const v = await views(cli, [victim, ...majority])
          // The connected hosts agree on a master of theirs newer than the old one (a loaded machine may have elected twice meanwhile).
          const master = v[1].status.master
          return master != null && master.term > before.master!.term && majorityIds.includes(master.id) &&
            v.slice(1).every(r => sameLeader(r.status.master, master)) ? v : undefined
        }, { timeoutMs: CLI_TIMEOUT_MS })
        assert.ok((cut.status.master?.term ?? 0) <= before.master!.term, `the CLI on h${victim.index} shows no newer master: ${show(cut.status.master)}`)
        assert.ok(rest.every(v => stateOf(v.status, idOf(victim)) === 'dead'), `the CLI on the connected hosts shows h${victim.index} dead`)
      } finally {
        minority.stop = true
        await watching
      }
      assert.ok(minority.looks > 0, 'the cut-off host was looked at')
      assert.equal(minority.violations, [], `no new-term leader on the cut-off side (${minority.looks} looks)`)
      const after = elected[0].status
      phase(`h${victim.index} cut off: the other 2 elected master ${show(after.master)} (shardmaster ${show(after.shardmaster)}), declared h${victim.index} dead; ` +
        `h${victim.index} stepped down and none of ${minority.looks} looks at it showed a newer leader`)

      // 3. Heal: everyone converges on the majority's master (or a later one), all alive again.
      await lab.heal(victim)
      const healed = await reach('all 3 hosts to agree again after the heal, all alive', lab.hosts,
        v => agreed(v, ids) && v[0].status.master!.term >= after.master!.term, 20_000)
      const final = healed[0].status
      assert.ok(final.master!.term > before.master!.term)
      phase(`healed: all 3 agree on master ${show(final.master)}, shardmaster ${show(final.shardmaster)}, all alive`)
    } catch (err) {
      console.error(`last views:\n${describe(last)}`)
      const notAlive = last.some(v => v.status.peers.some(p => p.state !== 'alive'))
      if (last.length === 3 && notAlive && last.every(v => sameLeader(v.status.master, last[0].status.master))) {
        console.error('(the hosts agree on the leaders, so raft traffic flows, but not on who is alive: membership heartbeats are not getting through)')
      }
      for (const peer of peers) console.error(peer.output())
      throw err
    } finally {
      await lab.destroy()
    }
  })
}

test.run()
