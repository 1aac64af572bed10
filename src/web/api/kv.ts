// GET /api/kv/config?num=N: configuration N (none: the newest), as `shoal kv query --json` prints it.
// GET /api/kv/key?key=K: K's value as text, or that it is not found.
import { UserError } from '../../client/errors.js'
import { configJson } from '../../cli/kv.js'
import type { ConsoleApi } from '../console.js'

function configNumber (num: string | undefined): number {
  if (num === undefined || num === '') return -1
  const number = /^[0-9]+$/.test(num) ? Number(num) : NaN
  if (!Number.isSafeInteger(number)) throw new UserError(`a configuration number is a whole number, not ${JSON.stringify(num.slice(0, 40))}`)
  return number
}

export const kvApi: ConsoleApi = (app, clients) => {
  app.get('/api/kv/config', async c => c.json(configJson(await clients.shardmaster.query(configNumber(c.req.query('num')), { signal: c.req.raw.signal }))))
  app.get('/api/kv/key', async c => {
    const key = c.req.query('key') ?? ''
    const value = await clients.kv.get(key, { signal: c.req.raw.signal })
    if (value === undefined) return c.json({ key, found: false })
    return c.json({ key, found: true, value: new TextDecoder().decode(value), bytes: value.byteLength })
  })
}
