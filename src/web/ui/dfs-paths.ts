// DFS paths in the console's URLs (`#dfs/out/wc` is /out/wc, each segment
// URI-encoded) and in the DFS view.

export function dfsHref (path: string): string {
  return '#dfs' + segments(path).map(s => `/${encodeURIComponent(s)}`).join('')
}

/** The DFS path of a DFS view's route. */
export function dfsPathOf (route: string): string {
  return '/' + segments(route).map(decoded).join('/')
}

export function parentOf (path: string): string {
  const cut = path.lastIndexOf('/')
  return cut <= 0 ? '/' : path.slice(0, cut)
}

export function childOf (dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`
}

/** Each directory from the root down to `path`: [name, path] pairs, the root's name ''. */
export function ancestry (path: string): Array<[string, string]> {
  let at = '/'
  return [['', '/'], ...segments(path).map((name): [string, string] => { at = childOf(at, name); return [name, at] })]
}

function segments (path: string): string[] {
  return path.split('/').filter(s => s !== '')
}

/** A segment someone typed may hold a stray `%`: it stands for itself. */
function decoded (segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
