// Inverted index: for each word, the sorted list of input files containing it.
//
// Input format `lines` (the default): a record's key is `path:byteOffset`, so
// the file is the key up to its last colon. Words are as in wordcount.mjs:
// runs of Unicode letters and digits, lower-cased. Output, one line per word
// in sorted order: `word<TAB>["/books/a.txt","/books/b.txt"]` (a JSON array of
// DFS paths, sorted, each once).
//
// Every value is an array of paths (map emits a one-element array), so the
// combiner's output, a merged array, is valid input to the combiner and the
// reducer alike; merging is a set union, so it does not matter how often or
// on which values the combiner runs.
//
//   (cd examples/data/books && for f in $(find . -type f); do npx shoal dfs put "$f" "/books/${f#./}"; done)
//   npx shoal mr run --code examples/inverted-index.mjs --input /books --output /out/index
//   npx shoal mr cat <job>

const WORD = /[\p{L}\p{N}]+/gu

export function map (key, line, emit) {
  const path = key.slice(0, key.lastIndexOf(':'))
  const words = new Set()
  for (const word of line.match(WORD) ?? []) words.add(word.toLowerCase())
  for (const word of words) emit(word, [path])
}

function union (lists) {
  const paths = [...new Set(lists.flat())]
  return paths.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

export function combine (word, lists, emit) {
  emit(word, union(lists))
}

export function reduce (word, lists, emit) {
  emit(word, union(lists))
}
