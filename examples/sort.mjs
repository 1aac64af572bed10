// Total-order sort: every input line, sorted, across any number of reducers,
// so that part-r-00000, part-r-00001, ... concatenated are one sorted file.
//
// Map emits each line as a key (value ''); the reducer emits the key once per
// value, so duplicate lines are all kept. Order is JavaScript string order
// (UTF-16 code units), the order the engine sorts keys in. Each output line is
// `line<TAB>` (the key, a tab, the empty value); strip the last tab to get
// the input line back, e.g. `npx shoal mr cat <job> | sed 's/\t$//'`.
//
// partition() keeps the order across reducers: SAMPLE below is every 25th
// line of the sorted example input (examples/data/books), and for n reducers
// the boundaries are the sample's quantiles SAMPLE[floor(i * S / n)],
// i = 1..n-1. A key goes to the number of boundaries below it, found by
// binary search, so a smaller key never lands in a later reducer. Any input
// sorts correctly; the sample only decides how evenly the reducers share the
// work. Sorting other data evenly: sort a sample of its lines and paste it here.
//
//   (cd examples/data/books && for f in $(find . -type f); do npx shoal dfs put "$f" "/books/${f#./}"; done)
//   npx shoal mr run --code examples/sort.mjs --input /books --output /out/sorted --reducers 4
//   npx shoal mr cat <job> | sed 's/\t$//'

const SAMPLE = [
  "",
  "",
  "",
  "",
  "",
  "",
  "",
  "",
  "      -O3.",
  "      Thanks to Remus-Gabriel Chelu <remusgabriel.chelu@disroot.org>.",
  "    (LP: #1990684)",
  "    - Dpkg::Compression: Add new compression_get/set_level() and switch to it.",
  "    - Improve TAP descriptions to clarify we are testing patch(1).",
  "    - Update German programs translation.",
  "    - dpkg-buildinfo: Fix indentation.",
  "    - libdpkg: Rename functions with names containing record to stanza.",
  "    This directory is intended to provide an alternative to",
  "  * Build with and fix warnings of gcc-13 (Closes: #1030592)",
  "  * Dutch program translation update (Closes: #1010029)",
  "  * Packaging:",
  "  * Some minor tweaks of spelling/grammar for better readability.",
  "  * full-upgrade: Mark phased upgrades for keep before anything else",
  "  The new 'date' option --resolution outputs the timestamp resolution.",
  "  [ Guillem Jover ]",
  "  [ Paul Wise ]",
  "  [bug introduced in coreutils-8.22]",
  "  being run, rather than using the general \"coreutils\" binary name.",
  "  distinguish if the command was more forcefully terminated.",
  "  rm no longer skips an extra file when the removal of an empty directory fails.",
  " -- Guillem Jover <guillem@debian.org>  Thu, 11 May 2023 04:04:01 +0200",
  "** Changes in behavior",
  "Brace Expansion",
  "The Bash line editing library is fully customizable.  Users may define",
  "apt (2.5.0) unstable; urgency=medium",
  "dpkg (1.21.18) unstable; urgency=medium",
  "offset and length.  Portions of variable values may be matched against",
  "used to create a mnemonic for a command name, expand a single word to"
]

export function map (key, line, emit) {
  emit(line, '')
}

export function reduce (line, values, emit) {
  for (let i = 0; i < values.length; i++) emit(line, '')
}

/** How many of the boundaries SAMPLE[floor(i * S / n)], 1 <= i < n, sort below key. */
export function partition (key, n) {
  const S = SAMPLE.length
  let lo = 0
  let hi = n - 1
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    if (SAMPLE[Math.floor((mid * S) / n)] < key) lo = mid
    else hi = mid - 1
  }
  return lo
}
