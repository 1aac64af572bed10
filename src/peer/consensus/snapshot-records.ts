// The records a durable state streams as its snapshot: each a number, a
// length and bytes, cut into pieces however the transport likes.
const RECORD_HEADER = 12

/** One record: a number (8 bytes: a command's index, or 0), its length (4), its bytes. */
export function record (index: number, value: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(RECORD_HEADER + value.length)
  const view = new DataView(bytes.buffer)
  view.setBigUint64(0, BigInt(index))
  view.setUint32(8, value.length)
  bytes.set(value, RECORD_HEADER)
  return bytes
}

/**
 * Splits a stream of records however its pieces were cut, copying only a
 * record that spans two pieces: the rest are handed on as views of the piece.
 */
export class RecordReader {
  private carry: Uint8Array = new Uint8Array(0)

  atBoundary (): boolean {
    return this.carry.length === 0
  }

  read (piece: Uint8Array, onRecord: (index: number, value: Uint8Array) => void): void {
    let offset = 0
    while (this.carry.length > 0 && offset < piece.length) {
      const want = this.carry.length < RECORD_HEADER ? RECORD_HEADER : RECORD_HEADER + lengthOf(this.carry, 0)
      const take = Math.min(want - this.carry.length, piece.length - offset)
      this.carry = Buffer.concat([this.carry, piece.subarray(offset, offset + take)])
      offset += take
      if (this.carry.length >= RECORD_HEADER && this.carry.length === RECORD_HEADER + lengthOf(this.carry, 0)) {
        onRecord(indexOf(this.carry, 0), this.carry.subarray(RECORD_HEADER))
        this.carry = new Uint8Array(0)
      }
    }
    while (piece.length - offset >= RECORD_HEADER && piece.length - offset - RECORD_HEADER >= lengthOf(piece, offset)) {
      const length = lengthOf(piece, offset)
      onRecord(indexOf(piece, offset), piece.subarray(offset + RECORD_HEADER, offset + RECORD_HEADER + length))
      offset += RECORD_HEADER + length
    }
    if (offset < piece.length) this.carry = piece.slice(offset)
  }
}

function indexOf (bytes: Uint8Array, offset: number): number {
  return Number(new DataView(bytes.buffer, bytes.byteOffset + offset).getBigUint64(0))
}

function lengthOf (bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset + offset).getUint32(8)
}
