// DFS path rules. A path is absolute, '/'-separated and already in normal form:
// the namespace never rewrites a path, it takes the one spelling of a name or
// refuses it, so no two strings name the same file. The byte limits are Linux's
// (NAME_MAX 255, PATH_MAX 4096), counted in UTF-8.
import { Buffer } from 'node:buffer'

export const MAX_PATH_BYTES = 4096
export const MAX_SEGMENT_BYTES = 255

// C0 controls (NUL included), DEL and the C1 controls: none prints, several end
// or rewrite a terminal line, and NUL ends a C string.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/

/** Why `path` is not a valid DFS path, or undefined when it is. */
export function pathProblem (path: string): string | undefined {
  const shown = show(path)
  if (!path.startsWith('/')) return `${shown} is not absolute: a DFS path starts with /`
  if (!path.isWellFormed()) return `${shown} is not valid Unicode (a lone surrogate)`
  if (CONTROL.test(path)) return `${shown} holds a control character`
  const bytes = Buffer.byteLength(path, 'utf8')
  if (bytes > MAX_PATH_BYTES) return `${shown} is ${bytes} bytes long; the limit is ${MAX_PATH_BYTES}`
  if (path === '/') return undefined
  if (path.endsWith('/')) return `${shown} ends with /; write it without`
  for (const segment of path.slice(1).split('/')) {
    if (segment === '') return `${shown} has an empty segment (//)`
    if (segment === '.' || segment === '..') return `${shown} has a ${segment} segment; write the path it means`
    const length = Buffer.byteLength(segment, 'utf8')
    if (length > MAX_SEGMENT_BYTES) return `${shown} has a name of ${length} bytes; the limit is ${MAX_SEGMENT_BYTES}`
  }
  return undefined
}

/** The names along a valid path; [] for the root. */
export function splitPath (path: string): string[] {
  return path === '/' ? [] : path.slice(1).split('/')
}

export function joinPath (segments: readonly string[]): string {
  return '/' + segments.join('/')
}

// Quoted, with control characters escaped, and cut short so a 4 KiB path does
// not become a 4 KiB error message.
function show (path: string): string {
  const quoted = JSON.stringify(path)
  return quoted.length <= 80 ? quoted : `${quoted.slice(0, 60)}…" (${path.length} characters)`
}

/** Whether `path` is `dir` or lies below it. */
export function isWithin (path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir === '/' ? '/' : `${dir}/`)
}
