// One member of the crash test's Raft group, in a process of its own so the
// test can SIGKILL it anywhere: a GroupHost over real LMDB in `dir`. Its Raft
// messages go out through the parent, which relays them; it tells the parent
// each term and vote once durable, its leadership, and every command applied.
// Usage: raft-crash-member.js <id> <dir> <voter,voter,...> <parent pid>
import { GroupHost } from '../../src/peer/consensus/host.js'
import { logger, logQuiet } from '../../src/peer/log.js'
import { Store } from '../../src/peer/store.js'
import { TestState } from '../../src/roles/testbed/state.js'
import { DurableTestState } from '../../src/roles/testbed/durable-state.js'
import type { SnapshotInstall, SnapshotReader } from '../../src/peer/consensus/driver.js'
import { MessageType, type Message } from '../../src/peer/consensus/types.js'
import { CRASH_GROUP, CRASH_SNAPSHOT_EVERY, CRASH_TIMING, type FromMember, type ToMember } from './raft-crash-protocol.js'

const [id, dir, voters, parentPid] = process.argv.slice(2)
logQuiet.enabled = true

// The test kills its members in a finally; these cover a test process that died first.
process.on('disconnect', () => process.exit(0))
setInterval(() => { if (process.ppid !== Number(parentPid)) process.exit(0) }, 500).unref()

function report (message: FromMember): void {
  process.send?.(message)
}

const text = (data: Uint8Array): string => Buffer.from(data).toString()

class ReportingState extends TestState {
  override apply (data: Uint8Array): number {
    const pos = super.apply(data)
    report({ kind: 'applied', pos, value: text(data) })
    return pos
  }

  override restore (data: Uint8Array): void {
    super.restore(data)
    report({ kind: 'restored', values: this.all().map(text) })
  }
}

const store = Store.open(dir)
/** SHOAL_CRASH_DURABLE=1: the state is a DurableTestState in the member's LMDB, applied without waiting, snapshots streamed from it. */
const durable = process.env.SHOAL_CRASH_DURABLE === '1'

class ReportingDurableState extends DurableTestState {
  private count: number
  private readonly valuesDb = store.db<Uint8Array, [string, number, number]>('testbed/values', { encoding: 'binary' })
  private readonly metaDb = store.db<number, [string, string]>('testbed/meta')

  constructor () {
    super(store, CRASH_GROUP)
    const values = this.stored()
    this.count = values.length
    report({ kind: 'restored', values })
  }

  /** The values of the current generation, as committed to LMDB. */
  stored (): string[] {
    const generation = this.metaDb.get([CRASH_GROUP, 'generation']) ?? 0
    return [...this.valuesDb.getRange({ start: [CRASH_GROUP, generation, 0], end: [CRASH_GROUP, generation, Number.MAX_SAFE_INTEGER] })].map(({ value }) => text(value))
  }

  override apply (data: Uint8Array, index: number): number {
    super.apply(data, index)
    const pos = ++this.count
    report({ kind: 'applied', pos, value: text(data) })
    return pos
  }

  override beginInstall (): SnapshotInstall {
    const install = super.beginInstall()
    return {
      ...install,
      committed: () => {
        install.committed()
        const values = this.stored()
        this.count = values.length
        report({ kind: 'restored', values })
      }
    }
  }
}

function sendOut (message: Message, snapshot?: SnapshotReader): void {
  if (snapshot === undefined) {
    report({ kind: 'send', message })
    return
  }
  // The durable state's snapshot rides in the message through the parent; the receiver streams it into its sink.
  const pieces: Uint8Array[] = []
  try {
    for (const piece of snapshot.chunks() as Iterable<Uint8Array>) pieces.push(piece.slice())
  } finally {
    snapshot.close()
  }
  report({ kind: 'send', message: { ...message, snapshot: { ...message.snapshot!, data: Buffer.concat(pieces) } } })
}

const host = new GroupHost({
  self: id,
  store,
  send: (_group, message, snapshot) => { sendOut(message, snapshot) },
  log: logger(id),
  timing: CRASH_TIMING
})
let { hardState: last } = host.storage.load(CRASH_GROUP)
report({ kind: 'up', hardState: last })

const persist = host.storage.persist.bind(host.storage)
host.storage.persist = async readys => {
  await persist(readys)
  for (const { ready: { hardState } } of readys) {
    if (hardState == null || (hardState.term === last?.term && hardState.vote === last.vote)) continue
    last = hardState
    report({ kind: 'durable', term: hardState.term, vote: hardState.vote })
  }
}
host.on('fatal', (err: Error) => {
  process.stderr.write(`${id}: ${err.stack ?? err.message}\n`)
  process.exit(1)
})

const state = durable ? new ReportingDurableState() : new ReportingState()
const group = host.open({
  group: CRASH_GROUP,
  stateMachine: state,
  log: logger(id),
  bootstrapConf: { voters: voters.split(','), learners: [] },
  snapshotEvery: CRASH_SNAPSHOT_EVERY
})
group.on('leader', ({ leader, term, isSelf }) => { report({ kind: 'leader', leader, term, isSelf }) })
host.start()

process.on('message', (message: ToMember) => {
  switch (message.kind) {
    case 'recv': {
      const m = message.message
      if (durable && m.type === MessageType.Snapshot && m.snapshot != null) {
        const sink = host.snapshotSink(CRASH_GROUP, { ...m, snapshot: { ...m.snapshot, data: new Uint8Array() } })
        if (sink === undefined) break
        void Promise.resolve(sink.write(m.snapshot.data)).then(() => { sink.finish() }, () => { sink.abort() })
      } else {
        host.receive(CRASH_GROUP, m)
      }
      break
    }
    case 'lost': host.leaderLost(message.peer); break
    case 'propose':
      group.propose(Buffer.from(message.value)).then(
        pos => { report({ kind: 'result', id: message.id, pos: pos as number }) },
        (err: Error) => { report({ kind: 'result', id: message.id, error: err.name }) })
      break
    case 'dump':
      if (state instanceof ReportingDurableState) void state.flush().then(() => { report({ kind: 'dump', values: state.stored() }) })
      else report({ kind: 'dump', values: state.all().map(text) })
  }
})
