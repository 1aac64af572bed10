// Review: the console's access token file must be the owner's alone. When
// <home>/console.token already exists but holds no usable token (empty, or
// shorter than 16 characters), loadOrCreateToken writes a new token into
// it with writeFile(..., { mode: 0o600 }); that mode applies only to a file
// it creates, so a file that was world-readable stays world-readable, now
// holding the live token that signs anyone on this machine into the console.
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { loadOrCreateToken } from '../src/web/access.js'

test('a new token written over an unusable token file leaves that file mode 0600', async () => {
  const home = await mkdtemp(join(tmpdir(), 'shoal-review-token-'))
  try {
    const path = join(home, 'console.token')
    await writeFile(path, 'short\n')
    await chmod(path, 0o644)
    const made = await loadOrCreateToken(home)
    assert.ok(made.created, 'a short token is replaced by a new one')
    assert.is((await readFile(path, 'utf8')).trim(), made.token)
    assert.is((await stat(path)).mode & 0o777, 0o600, 'the new token is readable by other users of this machine')
  } finally {
    await rm(home, { recursive: true, force: true })
  }
})

test.run()
