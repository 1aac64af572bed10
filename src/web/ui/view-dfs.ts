// DFS: browse directories (the route is the path: #dfs/out/wc), a file's
// chunks and where each replica is, download, upload into a directory, make
// a directory, delete.
import { dfsHref, ancestry, childOf, dfsPathOf, parentOf } from './dfs-paths.js'
import type { DfsEntry, FileStat } from '../../client/dfs-types.js'
import { directoryActions, type DirectoryActions } from './dfs-actions.js'
import { uploadPanel } from './dfs-upload.js'
import { el, formatBytes, peerName, replace, table, type Child } from './dom.js'
import { live } from './live.js'
import type { View } from './view.js'

/** What GET /api/dfs answers for a directory (for a file: its FileStat). */
interface DirListing { type: 'dir', path: string, entries: DfsEntry[] }

const when = (mtime: number): string => new Date(mtime).toLocaleString()

function breadcrumbs (path: string): HTMLElement {
  const steps = ancestry(path).flatMap(([name, at], i): Child[] => [i > 1 ? ' / ' : ' ', el('a', { attrs: { href: dfsHref(at) } }, name === '' ? '/' : name)])
  const up = path === '/' ? null : el('a', { attrs: { href: dfsHref(parentOf(path)), id: 'dfs-up' } }, '↑ up')
  return el('p', { className: 'breadcrumbs', attrs: { id: 'dfs-path' } }, ...steps, up === null ? null : ' ', up)
}

function downloadLink (path: string): HTMLAnchorElement {
  return el('a', { className: 'download', attrs: { href: `/api/dfs/download?${new URLSearchParams({ path }).toString()}` } }, 'download')
}

function renderDir (dir: DirListing, upload: HTMLElement, actions: DirectoryActions): Child[] {
  const rows = dir.entries.map(entry => {
    const path = childOf(dir.path, entry.name)
    const name = el('a', { attrs: { href: dfsHref(path) } }, entry.type === 'dir' ? `${entry.name}/` : entry.name)
    return entry.type === 'dir'
      ? [name, `directory, ${entry.entries} entries`, '', '', '', '', actions.deleteButton(path, true)]
      : [name, formatBytes(entry.size), String(entry.replicas), formatBytes(entry.chunkSize), when(entry.mtime), downloadLink(path), actions.deleteButton(path, false)]
  })
  return [
    dir.entries.length === 0
      ? el('p', { attrs: { id: 'listing' } }, 'This directory is empty.')
      : table(['Name', 'Size', 'Replicas', 'Chunk size', 'Modified', '', ''], rows, { attrs: { id: 'listing' } }),
    upload,
    actions.panel
  ]
}

function renderFile (file: FileStat): Child[] {
  const rows = file.chunks.map((chunk, i) => [
    String(i),
    el('span', { className: 'cid', attrs: { title: chunk.cid } }, `${chunk.cid.slice(0, 16)}…`),
    formatBytes(chunk.size),
    el('span', {}, ...chunk.replicas.flatMap(replica => [peerName(replica.id), ' ', el('span', { className: `state ${replica.state}` }, replica.state), ' ']))
  ])
  return [
    el('p', { attrs: { id: 'file-summary' } },
      `${formatBytes(file.size)} (${file.size} bytes), chunk size ${formatBytes(file.chunkSize)}, ${file.replicas} replicas, ${file.chunks.length} chunk${file.chunks.length === 1 ? '' : 's'}, modified ${when(file.mtime)} `,
      downloadLink(file.path)),
    table(['#', 'Chunk', 'Size', 'Replicas (holder, state)'], rows, { attrs: { id: 'chunks' } })
  ]
}

export const dfsView: View = {
  id: 'dfs',
  title: 'DFS',
  mount (root, route) {
    const path = dfsPathOf(route)
    const body = el('div', {}, el('p', {}, 'Asking the DFS…'))
    replace(root, el('h1', {}, 'DFS'), breadcrumbs(path), body)
    // One form for the mount, put back into every listing drawn, so a chosen file or an upload under way survives a refresh.
    const upload = uploadPanel(path, () => { shown.refresh() })
    const actions = directoryActions(path, () => { shown.refresh() })
    const shown = live<DirListing | FileStat>(body, `/api/dfs?${new URLSearchParams({ path }).toString()}`, info => info.type === 'dir' ? renderDir(info, upload.panel, actions) : renderFile(info))
    return () => { shown.stop(); upload.cancel() }
  }
}
