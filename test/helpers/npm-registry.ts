// A package registry on loopback, so a test can install Shoal as a user does
// (`npm install -g <tarball>`) without the network. It knows only the versions
// the lockfiles pin, and serves their tarballs from npm's own cache, where
// `npm install` left them: an install resolves the tree the lockfile holds,
// and anything missing fails with a 404 here instead of reaching the internet.
import { createReadStream } from 'node:fs'
import { access, readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'

interface LockEntry {
  version?: string
  integrity?: string
  [field: string]: unknown
}

const MANIFEST_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies', 'peerDependenciesMeta', 'bin', 'engines', 'os', 'cpu', 'hasInstallScript']

/** Where npm's cache (cacache) keeps the bytes with this integrity. */
function cachedContent (npmCache: string, integrity: string): string {
  const [algorithm, digest] = integrity.split(' ')[0].split('-')
  const hex = Buffer.from(digest, 'base64').toString('hex')
  return join(npmCache, '_cacache', 'content-v2', algorithm, hex.slice(0, 2), hex.slice(2, 4), hex.slice(4))
}

/** Every package version of the lockfiles, as the registry's packuments ({name, versions}) by name. */
async function packuments (lockfiles: string[], tarballUrl: (integrity: string) => string): Promise<Map<string, { name: string, versions: Record<string, unknown> }>> {
  const byName = new Map<string, { name: string, versions: Record<string, unknown> }>()
  for (const lockfile of lockfiles) {
    const { packages } = JSON.parse(await readFile(lockfile, 'utf8')) as { packages: Record<string, LockEntry> }
    for (const [path, entry] of Object.entries(packages)) {
      if (entry.version == null || entry.integrity == null) continue
      const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)
      const manifest: Record<string, unknown> = { name, version: entry.version, dist: { integrity: entry.integrity, tarball: tarballUrl(entry.integrity) } }
      for (const field of MANIFEST_FIELDS) if (entry[field] != null) manifest[field] = entry[field]
      const packument = byName.get(name) ?? { name, versions: {} }
      packument.versions[entry.version] = manifest
      byName.set(name, packument)
    }
  }
  return byName
}

export interface LocalRegistry extends AsyncDisposable { url: string }

export async function startRegistry (lockfiles: string[], npmCache: string): Promise<LocalRegistry> {
  const server: Server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  const docs = await packuments(lockfiles, integrity => `${url}/-/tarball/${encodeURIComponent(integrity)}`)
  server.on('request', (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', url).pathname)
    const notFound = (): void => { res.writeHead(404).end() }
    if (path.startsWith('/-/tarball/')) {
      const file = cachedContent(npmCache, path.slice('/-/tarball/'.length))
      access(file).then(() => {
        res.writeHead(200, { 'content-type': 'application/octet-stream' })
        createReadStream(file).pipe(res)
      }, notFound)
      return
    }
    const doc = docs.get(path.slice(1))
    if (doc == null) return notFound()
    const versions = Object.keys(doc.versions)
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ ...doc, 'dist-tags': { latest: versions[versions.length - 1] } }))
  })
  return {
    url,
    [Symbol.asyncDispose]: async () => {
      server.closeAllConnections()
      await new Promise(resolve => server.close(resolve))
    }
  }
}
