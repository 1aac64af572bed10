// The baseline of `bench mr`: a plain single-process Node word count of one
// file, with the tokenisation of examples/wordcount.mjs (runs of Unicode
// letters and digits, lower-cased). It prints how many distinct words and
// how many words it counted.
import { createReadStream } from 'node:fs'

const WORD = /[\p{L}\p{N}]+/gu

const counts = new Map<string, number>()
let rest = ''
const count = (text: string): void => {
  for (const word of text.match(WORD) ?? []) {
    const lower = word.toLowerCase()
    counts.set(lower, (counts.get(lower) ?? 0) + 1)
  }
}
for await (const piece of createReadStream(process.argv[2], { encoding: 'utf8', highWaterMark: 1024 * 1024 })) {
  const text = rest + (piece as string)
  const end = text.lastIndexOf('\n') + 1
  count(text.slice(0, end))
  rest = text.slice(end)
}
count(rest)
let words = 0
for (const n of counts.values()) words += n
console.log(JSON.stringify({ distinct: counts.size, words }))
