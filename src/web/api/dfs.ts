// The DFS view's API:
//   GET  /api/dfs?path=P           a directory's entries, or a file's stat (chunks and their replicas)
//   GET  /api/dfs/download?path=P  the file's bytes, streamed from the DFS as an attachment
//   POST /api/dfs/upload?path=P[&force=true][&replicas=N]  the request body streamed into a put
//   POST /api/dfs/mkdir?path=P     a new directory
//   POST /api/dfs/rm?path=P[&recursive=true]  a file, or a directory and all under it: {removed: <files>}
import type { Context } from 'hono'
import { UserError } from '../../client/errors.js'
import type { ConsoleApi } from '../console.js'

export const dfsApi: ConsoleApi = (app, clients) => {
  app.get('/api/dfs', async c => {
    const path = pathParam(c)
    const signal = c.req.raw.signal
    const info = await clients.dfs.stat(path, { signal })
    if (info.type === 'file') return c.json(info)
    return c.json({ type: 'dir', path, entries: await clients.dfs.list(path, { signal }) })
  })

  app.get('/api/dfs/download', async c => {
    const path = pathParam(c)
    // Hono answers a HEAD with the GET route: it gets the headers from a stat, not from reading the file.
    if (c.req.method === 'HEAD') {
      const info = await clients.dfs.stat(path, { signal: c.req.raw.signal })
      if (info.type !== 'file') throw new UserError(`${path} is a directory`)
      return c.body(null, 200, download(path, info.size))
    }
    let size = 0
    const bytes = clients.dfs.read(path, { signal: c.req.raw.signal, onSize: total => { size = total } })
    // The first piece is awaited before any header goes out, so a missing file or a directory answers as a JSON error.
    const first = await bytes.next()
    return c.body(ReadableStream.from(resumed(first, bytes)), 200, download(path, size))
  })

  app.post('/api/dfs/upload', async c => {
    const path = pathParam(c)
    const body = c.req.raw.body ?? ReadableStream.from<Uint8Array>([])
    return c.json(await clients.dfs.put(path, body, { force: c.req.query('force') === 'true', replicas: replicasParam(c), signal: c.req.raw.signal }))
  })

  app.post('/api/dfs/mkdir', async c => {
    const path = pathParam(c)
    await clients.dfs.mkdir(path, { signal: c.req.raw.signal })
    return c.json({ path })
  })

  app.post('/api/dfs/rm', async c => {
    const removed = await clients.dfs.remove(pathParam(c), { recursive: c.req.query('recursive') === 'true', signal: c.req.raw.signal })
    return c.json({ removed })
  })
}

function pathParam (c: Context): string {
  const path = c.req.query('path')
  if (path === undefined || path === '') throw new UserError('say which DFS path: ?path=/...')
  return path
}

/** `?replicas=N`, or undefined for the DFS's default; the master judges the number. */
function replicasParam (c: Context): number | undefined {
  const text = c.req.query('replicas')
  if (text === undefined || text === '') return undefined
  if (!/^[1-9][0-9]?$/.test(text)) throw new UserError(`replicas is a whole number from 1, not ${JSON.stringify(text.slice(0, 20))}`)
  return Number(text)
}

/** A generator whose first result was already taken, whole again. */
async function * resumed<T> (first: IteratorResult<T>, rest: AsyncGenerator<T>): AsyncGenerator<T> {
  if (first.done === true) return
  yield first.value
  yield * rest
}

function download (path: string, size: number): Record<string, string> {
  return { 'Content-Type': 'application/octet-stream', 'Content-Length': String(size), 'Content-Disposition': attachment(path.slice(path.lastIndexOf('/') + 1)) }
}

/** A Content-Disposition that saves as `name`: an ASCII fallback, and the exact name in RFC 5987 form. */
function attachment (name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_')
  const exact = encodeURIComponent(name).replace(/['()*]/g, ch => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`
}
