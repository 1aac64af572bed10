// A map task's records come from its split: in `lines` format, the lines that
// start inside bytes [start, end) of the file, the last one read past `end`
// to its newline (a line belongs to the split where it starts, so none is cut
// or read twice); in `whole` format, the whole file. The chunks are read by
// their ids, as the job saw the file when it was submitted.
import type { MapInput } from '../../../protocols/mr/mr.js'
import { MAX_LINE_BYTES } from '../../../protocols/mr/wire.js'
import { downloadPieces, piecesOf } from '../../client/dfs-download.js'
import type { ClientNode } from '../../peer/node.js'
import { CodedError } from '../../peer/errors.js'
import { TaskFailure } from './sandbox.js'

const NEWLINE = 10
const LOOKAHEAD_STEP = 64 * 1024

/** The split's records' bytes, and the file offset of their first byte. */
export interface SplitBytes { base: number, bytes: Buffer }

export async function readSplit (node: ClientNode, input: MapInput, format: string, signal: AbortSignal): Promise<SplitBytes> {
  const listed = input.first + input.chunks.reduce((sum, chunk) => sum + chunk.size, 0)
  const holdsSplit = input.start <= input.end && input.end <= input.fileSize && input.first <= Math.max(0, input.start - 1) && input.end <= listed
  if (!holdsSplit || (format === 'whole' && (input.start !== 0 || input.end !== input.fileSize))) {
    throw new CodedError('BAD_REQUEST', `a map task whose chunks (bytes ${input.first} to ${listed}) do not hold its split (${input.start} to ${input.end} of ${input.fileSize})`)
  }
  const read = async (from: number, to: number): Promise<Buffer> => {
    const parts: Uint8Array[] = []
    for await (const part of downloadPieces(node, piecesOf(input.chunks, from - input.first, to - from), input.chunkSize, signal)) parts.push(part)
    const bytes = Buffer.concat(parts)
    if (bytes.length !== to - from) throw new CodedError('BAD_REQUEST', `bytes ${from} to ${to} of ${input.path} are not in the task's chunks`)
    return bytes
  }
  if (format === 'whole') return { base: 0, bytes: await read(0, input.fileSize) }
  const head = input.start > 0 ? input.start - 1 : 0
  const body = await read(head, input.end)
  let skip = 0
  if (input.start > 0) {
    // The byte before the split says whether a line starts at its first byte.
    const newline = body.indexOf(NEWLINE)
    if (newline === -1) return { base: input.start, bytes: Buffer.alloc(0) }
    skip = newline + 1
  }
  const records = body.subarray(skip)
  if (records.length === 0 || body[body.length - 1] === NEWLINE || input.end >= input.fileSize) return { base: head + skip, bytes: records }
  const tail: Buffer[] = []
  for (let at = input.end; at < input.fileSize;) {
    if (at - input.end >= MAX_LINE_BYTES) throw new TaskFailure(`a line of ${input.path} that starts before byte ${input.end} is longer than ${MAX_LINE_BYTES} bytes`)
    const more = await read(at, Math.min(input.fileSize, at + LOOKAHEAD_STEP))
    const newline = more.indexOf(NEWLINE)
    tail.push(newline === -1 ? more : more.subarray(0, newline + 1))
    if (newline !== -1) break
    at += more.length
  }
  return { base: head + skip, bytes: Buffer.concat([records, ...tail]) }
}
