// A submitted job as the master resolves it before it enters the log: its
// module's bytes (read once, from the DFS), its input files with their chunks
// (directories walked, in path order) or its KV prefixes, its splits, and its
// key: the hash of what decides its output, so an unchanged job on unchanged
// input is found again.
import { createHash, randomBytes } from 'node:crypto'
import type { JobOptions, SubmitRequest } from '../../../../protocols/mr/mr.js'
import { DEFAULT_JOB_OPTIONS, jobOptionsProblem, kvPrefixOf, MAX_CODE_BYTES, SYSTEM_DIR } from '../../../../protocols/mr/wire.js'
import { CodedError } from '../../../peer/errors.js'
import { isWithin, pathProblem } from '../paths.js'
import type { FileInfo, Namespace } from '../namespace.js'
import { checkKvOutput, kvInputPrefixes, shardSplits } from './kv-prefixes.js'
import type { FileSplit, InputFile, NewJob } from './state.js'

/** Reads a file's bytes from the chunk servers. */
export type ReadFile = (file: FileInfo, signal: AbortSignal) => Promise<Uint8Array>

/**
 * `onInputs` hears the input files as soon as they are listed, before
 * anything is awaited: from then until the submit applies, their chunks must
 * be held from the collector (a file removed meanwhile would release them).
 */
export async function resolveJob (request: SubmitRequest, ns: Namespace, readFile: ReadFile, signal: AbortSignal, onInputs: (files: InputFile[]) => void = () => {}): Promise<NewJob> {
  const options: JobOptions = { ...DEFAULT_JOB_OPTIONS, ...withoutZeros(request.options) }
  const problem = jobOptionsProblem(options)
  if (problem !== undefined) throw new CodedError('BAD_REQUEST', problem)
  if (request.inputs.length === 0) throw new CodedError('BAD_REQUEST', 'a job needs at least one input path')
  checkPath(request.code)
  const prefixes = kvInputPrefixes(request.inputs)
  if (prefixes === undefined) request.inputs.forEach(checkPath)
  else if (options.inputFormat !== 'lines') throw new CodedError('BAD_REQUEST', `kv: input is one record per key: the input format ${options.inputFormat} is for DFS files`)
  const kvOutput = kvPrefixOf(request.output)
  if (kvOutput !== undefined) checkKvOutput(kvOutput, request.force, prefixes ?? [])
  else checkOutputPath(request.output)
  const code = ns.stat(request.code)
  if (code === undefined) throw new CodedError('NOT_FOUND', `no such code file ${request.code}`)
  if (code.type !== 'file') throw new CodedError('BAD_REQUEST', `the code ${request.code} is a directory, not a module`)
  if (code.size > MAX_CODE_BYTES) throw new CodedError('TOO_LARGE', `the code ${request.code} is ${code.size} bytes; a module may have at most ${MAX_CODE_BYTES}`)
  const files = prefixes === undefined ? inputFiles(request.inputs, ns) : []
  onInputs(files)
  if (files.some(f => isWithin(f.path, request.output))) {
    throw new CodedError('BAD_REQUEST', `the output ${request.output} is, or holds, one of the job's inputs`)
  }
  const codeBytes = await readFile(code, signal)
  const codeCid = createHash('sha256').update(codeBytes).digest('hex')
  // The KV store's keys carry no versions: neither an unchanged input nor an
  // output still the job's own can be told, so such a job is never found again.
  const key = prefixes !== undefined || kvOutput !== undefined
    ? randomBytes(32).toString('hex')
    : createHash('sha256').update(JSON.stringify([
      codeCid, files.map(f => [f.path, f.chunks.map(c => c.cid)]), request.output, options.reducers, options.inputFormat
    ])).digest('hex')
  return {
    key,
    code: request.code,
    codeCid,
    codeBytes: Buffer.from(codeBytes).toString('base64'),
    inputs: request.inputs,
    output: request.output,
    options,
    files,
    splits: prefixes === undefined ? splitsOf(files, options) : shardSplits(prefixes)
  }
}

function checkOutputPath (output: string): void {
  checkPath(output)
  if (isWithin(output, SYSTEM_DIR)) throw new CodedError('BAD_PATH', `${SYSTEM_DIR} is Shoal's own: a job's output goes elsewhere`)
}

function checkPath (path: string): void {
  const problem = pathProblem(path)
  if (problem !== undefined) throw new CodedError('BAD_PATH', problem)
}

/** Fields the client left at zero take their defaults. */
function withoutZeros (options: JobOptions | undefined): Partial<JobOptions> {
  return Object.fromEntries(Object.entries(options ?? {}).filter(([, value]) => value !== 0 && value !== '')) as Partial<JobOptions>
}

/** Every file the inputs name, each once, in path order; Shoal's own directory is never walked into. */
function inputFiles (inputs: string[], ns: Namespace): InputFile[] {
  const found = new Map<string, InputFile>()
  const walk = (path: string): void => {
    const entry = ns.stat(path)
    if (entry === undefined) throw new CodedError('NOT_FOUND', `no such input path ${path}`)
    if (entry.type === 'file') {
      found.set(path, { path, size: entry.size, chunkSize: entry.chunkSize, chunks: entry.chunks })
      return
    }
    for (const child of ns.list(path)) {
      const childPath = `${path === '/' ? '' : path}/${child.name}`
      if (childPath !== SYSTEM_DIR) walk(childPath)
    }
  }
  for (const input of inputs) walk(input)
  return [...found.values()].sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
}

/**
 * Splits are runs of whole consecutive chunks of one file, each at least the
 * split size (the last of a file may be less); in `whole` format a file is
 * one split. An empty file has no records, so no split, in `lines` format.
 */
export function splitsOf (files: InputFile[], options: Pick<JobOptions, 'inputFormat' | 'splitSize'>): FileSplit[] {
  const splits: FileSplit[] = []
  files.forEach((file, index) => {
    if (options.inputFormat === 'whole') {
      splits.push({ file: index, start: 0, end: file.size })
      return
    }
    let start = 0
    let offset = 0
    for (const chunk of file.chunks) {
      offset += chunk.size
      if (offset - start >= options.splitSize) {
        splits.push({ file: index, start, end: offset })
        start = offset
      }
    }
    if (offset > start) splits.push({ file: index, start, end: offset })
  })
  return splits
}
