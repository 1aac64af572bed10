// Average salary per department:
//
//   SELECT dept, AVG(salary) FROM staff GROUP BY dept
//
// over a CSV with the header row `name,dept,salary` (examples/data/staff.csv;
// no quoting, so no commas inside fields). The header is the line at byte
// offset 0 of each file and is skipped, as are empty lines; a trailing `\r`
// (CRLF files) is dropped. Output, one line per department in sorted order:
// `dept<TAB>average`, the average as a JSON number.
//
// Map emits `[salary, 1]`, the combiner adds such pairs up to `[sum, count]`
// (again a valid input to itself and to the reducer), and the reducer divides.
// With whole-number salaries every sum is exact, so the average is the same
// number however the combiner grouped the pairs.
//
//   npx shoal dfs put examples/data/staff.csv /staff/staff.csv
//   npx shoal mr run --code examples/avg-salary.mjs --input /staff --output /out/avg
//   npx shoal mr cat <job>

export function map (key, line, emit) {
  if (key.endsWith(':0')) return // the header row
  const row = line.endsWith('\r') ? line.slice(0, -1) : line
  if (row === '') return
  const fields = row.split(',')
  const salary = Number(fields[2])
  if (fields.length !== 3 || fields[2].trim() === '' || !Number.isFinite(salary)) {
    throw new Error(`${key}: not a name,dept,salary row: ${JSON.stringify(line)}`)
  }
  emit(fields[1], [salary, 1])
}

function add (pairs) {
  let sum = 0
  let count = 0
  for (const [s, c] of pairs) {
    sum += s
    count += c
  }
  return [sum, count]
}

export function combine (dept, pairs, emit) {
  emit(dept, add(pairs))
}

export function reduce (dept, pairs, emit) {
  const [sum, count] = add(pairs)
  emit(dept, sum / count)
}
