import { test } from 'uvu'
import * as assert from 'uvu/assert'

test('toolchain runs on node 26', () => {
  assert.ok(Number(process.versions.node.split('.')[0]) >= 26)
})

test.run()
