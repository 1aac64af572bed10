// Reviewer's failing test: a quiet group whose leader's disk fills is never
// replaced (the followers keep its lease while quiet, and nothing wakes them:
// the leader's peer is up and connected, it only sends nothing). FAILS on the
// code as reviewed. The harness is test/raft-full-disk.test.ts's, cut down.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RaftGroup, Timing } from '../src/peer/consensus/driver.js'
import { GroupHost } from '../src/peer/consensus/host.js'
import { Role, type Message } from '../src/peer/consensus/types.js'
import type { Logger } from '../src/peer/log.js'
import { Store } from '../src/peer/store.js'
import { encodeMasterCommand, MasterState } from '../src/roles/master/state.js'
import { waitFor } from './helpers/wait.js'

const FAST: Timing = { tickMs: 5, electionTicks: 10, heartbeatTicks: 2 }
const ROOMY = Number.MAX_SAFE_INTEGER

interface Member { id: string, store: Store, state: MasterState, host: GroupHost, group: RaftGroup, logged: string[] }

class Cluster {
  readonly members = new Map<string, Member>()
  readonly free = new Map<string, number>()
  constructor (readonly dir: string) {}

  open (id: string, bootstrap = false): Member {
    const store = Store.open(join(this.dir, id), { freeDisk: () => this.free.get(id) ?? ROOMY })
    const state = new MasterState()
    const logged: string[] = []
    const log = ((line: string) => { logged.push(line) }) as Logger
    log.error = (line, err) => { logged.push(`${line}: ${String(err)}`) }
    log.child = () => log
    const host = new GroupHost({
      self: id,
      store,
      send: (groupName: string, m: Message) => { this.members.get(m.to)?.host.receive(groupName, m) },
      log,
      timing: FAST
    })
    const groupOptions = { group: 'master', stateMachine: state, log, bootstrapConf: bootstrap ? { voters: [id], learners: [] } : undefined }
    host.onStray = () => { host.open(groupOptions) }
    const group = host.open(groupOptions)
    const member = { id, store, state, host, group, logged }
    this.members.set(id, member)
    host.start()
    return member
  }

  async close (id: string): Promise<void> {
    const member = this.members.get(id)!
    member.host.stop()
    this.members.delete(id)
    await member.store.close()
  }
}

const set = (key: string, value: unknown): Uint8Array => encodeMasterCommand({ op: 'set', key, value })

test('a quiet group whose leader\'s disk fills elects another leader (the full-disk guarantee, once the group has gone quiet)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'shoal-review-quiet-full-'))
  const cluster = new Cluster(dir)
  try {
    const a = cluster.open('a', true)
    a.group.campaign()
    await waitFor('a to lead', () => a.group.status().role === Role.Leader)
    const b = cluster.open('b')
    const c = cluster.open('c')
    for (const node of ['b', 'c']) {
      await a.group.proposeConfChange({ type: 'addLearner', node })
      await a.group.proposeConfChange({ type: 'addVoter', node })
    }
    await a.group.propose(set('k0', 0))
    // The only difference from raft-full-disk.test.ts: the group has gone quiet first.
    await waitFor('the group to go quiet', () => [a, b, c].every(m => m.group.status().quiesced))
    const term = a.group.status().term

    cluster.free.set('a', 0)
    const stranded = a.group.propose(set('lost', 1)).then(() => 'applied', (err: Error) => err.name)
    await waitFor('a to find its write refused', () => a.logged.some(line => line.includes('cannot persist')))
    const next = await waitFor('b or c to lead', () => [b, c].find(m => m.group.status().role === Role.Leader), { timeoutMs: 5_000 })
      .catch(() => undefined)
    assert.ok(next !== undefined && next.group.status().term > term,
      `no new leader in 5 s (${FAST.tickMs * FAST.electionTicks} ms election timeout): b and c are still quiet (${String(b.group.status().quiesced)}, ${String(c.group.status().quiesced)}) and hold a's lease; a, up and connected, sends nothing`)
    cluster.free.set('a', ROOMY)
    await stranded
  } finally {
    for (const id of [...cluster.members.keys()]) await cluster.close(id)
    await rm(dir, { recursive: true, force: true })
  }
})

test.run()
