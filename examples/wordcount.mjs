// Word count: how many times each word occurs in the input.
//
// A word is a run of Unicode letters and digits (`[\p{L}\p{N}]+`); anything
// else separates words. Each word is lower-cased after splitting, so "Fix",
// "FIX" and "fix" count as one. Output, one line per word in sorted order:
// `word<TAB>count`.
//
// The combiner sums the counts a map produced before they leave its peer, so
// the shuffle carries one number per word per map instead of one per
// occurrence; the result is the same with or without it.
//
//   (cd examples/data/books && for f in $(find . -type f); do npx shoal dfs put "$f" "/books/${f#./}"; done)
//   npx shoal mr run --code examples/wordcount.mjs --input /books --output /out/wc
//   npx shoal mr cat <job>        # or: npx shoal dfs cat /out/wc/part-r-00000

const WORD = /[\p{L}\p{N}]+/gu

export function map (key, line, emit) {
  for (const word of line.match(WORD) ?? []) emit(word.toLowerCase(), 1)
}

function sum (values) {
  let total = 0
  for (const n of values) total += n
  return total
}

export function combine (word, counts, emit) {
  emit(word, sum(counts))
}

export function reduce (word, counts, emit) {
  emit(word, sum(counts))
}
