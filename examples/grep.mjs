// Distributed grep: every input line that matches PATTERN.
//
// To search for something else, change PATTERN below (any JavaScript regular
// expression; leave out the `g` and `y` flags, which make `test` stateful) and
// run the job again. Output, one line per matching line:
// `path:byteOffset<TAB>line`, where byteOffset is where the line starts in the
// file. Lines come out in key order, which is string order: `/a:120` sorts
// before `/a:20`. Every line is its own key, so the reducer sees one value
// per key and passes it through; there is no combiner (nothing to combine).
//
//   (cd examples/data/books && for f in $(find . -type f); do npx shoal dfs put "$f" "/books/${f#./}"; done)
//   npx shoal mr run --code examples/grep.mjs --input /books --output /out/grep
//   npx shoal mr cat <job>

export const PATTERN = /\b(bug|fix(es|ed)?|crash(es|ed)?)\b/i

export function map (key, line, emit) {
  if (PATTERN.test(line)) emit(key, line)
}

export function reduce (key, lines, emit) {
  for (const line of lines) emit(key, line)
}
