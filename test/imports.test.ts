// The import directions ARCHITECTURE.md gives, read from the sources: a role
// never imports another role; the client and the commands never reach the
// peer runtime (consensus, council, membership, roles) or `src/roles`;
// `src/peer` never imports `src/roles`; `protocols/` uses nothing of `src/`
// beyond the stream and error helpers (`rpc.ts`, and `lanes.ts`, which says
// which connection a stream opens on). Each exception is named with its reason.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { readdir, readFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** Arrows allowed against the rules until the module they name moves (issue 10, one module per service protocol). */
const EXCEPTIONS: Record<string, string> = {
  'src/commands/peer/start.ts -> src/peer/peer.ts': 'the command that assembles a peer',
  'src/commands/peer/start.ts -> src/roles/index.ts': 'the command that assembles a peer',
  'src/client/local-swarm.ts -> src/peer/council-plan.ts': 'a local swarm sizes its council as the council would'
}

interface Arrow { from: string, to: string }

async function sources (dir: string): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(join(ROOT, dir), { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(relative(ROOT, join(entry.parentPath, entry.name)))
  }
  return found
}

/** Every relative import of `file` (static, type-only and dynamic), as a path from the project root. */
async function importsOf (file: string): Promise<Arrow[]> {
  const text = await readFile(join(ROOT, file), 'utf8')
  const arrows: Arrow[] = []
  for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = relative(ROOT, resolve(ROOT, dirname(file), match[1])).replace(/\.js$/, '.ts')
    arrows.push({ from: file, to: target })
  }
  return arrows
}

const RUNTIME = ['src/peer/consensus/', 'src/peer/council', 'src/peer/membership', 'src/peer/roles', 'src/peer/peer.ts', 'src/roles/']
const roleOf = (path: string): string | undefined => /^src\/roles\/([^/]+)\//.exec(path)?.[1]

/** Why `arrow` breaks a rule, or undefined when it keeps them. */
function broken ({ from, to }: Arrow): string | undefined {
  const fromRole = roleOf(from)
  const toRole = roleOf(to)
  if (fromRole !== undefined && toRole !== undefined && fromRole !== toRole) return 'a role imports another role'
  if (['src/client/', 'src/commands/', 'src/cli/', 'src/web/'].some(side => from.startsWith(side)) && RUNTIME.some(r => to.startsWith(r))) {
    return 'the client side reaches the peer runtime or a role'
  }
  if (from.startsWith('src/client/') && to.startsWith('src/web/')) return 'the client library imports the console built on it'
  if (from.startsWith('src/peer/') && to.startsWith('src/roles/')) return 'the peer runtime imports a role'
  if (from.startsWith('protocols/') && to.startsWith('src/') && !/^src\/peer\/(rpc|lanes|errors?)\.ts$/.test(to)) return 'a protocol module uses more of src/ than the stream and error helpers'
  return undefined
}

test('imports go only the directions ARCHITECTURE.md allows', async () => {
  const files = [...await sources('src'), ...await sources('protocols')]
  const arrows = (await Promise.all(files.map(importsOf))).flat()
  assert.ok(arrows.length > 100, `read ${arrows.length} imports: the scan must see the sources`)
  const wrong = arrows
    .filter(arrow => EXCEPTIONS[`${arrow.from} -> ${arrow.to}`] === undefined)
    .flatMap(arrow => { const why = broken(arrow); return why === undefined ? [] : [`${arrow.from} -> ${arrow.to}: ${why}`] })
  assert.equal(wrong, [])
  const used = new Set(arrows.map(a => `${a.from} -> ${a.to}`))
  assert.equal(Object.keys(EXCEPTIONS).filter(e => !used.has(e)), [], 'an exception no import needs any more must go')
})

test('the rules catch what they forbid', () => {
  assert.ok(broken({ from: 'src/roles/master/api.ts', to: 'src/roles/chunkserver/store.ts' }))
  assert.ok(broken({ from: 'src/client/dfs.ts', to: 'src/peer/consensus/core.ts' }))
  assert.ok(broken({ from: 'src/commands/dfs/put.ts', to: 'src/roles/master/api.ts' }))
  assert.ok(broken({ from: 'src/peer/peer.ts', to: 'src/roles/index.ts' }))
  assert.ok(broken({ from: 'protocols/dfs/wire.ts', to: 'src/peer/membership.ts' }))
  assert.is(broken({ from: 'src/client/dfs.ts', to: 'src/peer/rpc.ts' }), undefined)
  assert.is(broken({ from: 'src/roles/master/api.ts', to: 'src/roles/master/state.ts' }), undefined)
})

test.run()
