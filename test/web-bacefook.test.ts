// Bacefook in a real browser against a real 3-peer swarm: a user and posts
// made through the page, a post edited and one deleted, markup in a post
// shown as text (no element made from it, no dialog), and Delete my data
// reporting the keys it removed, which `shoal kv get` then finds gone.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { KvClient } from '../src/client/kv.js'
import { browserTests, texts, waitForText } from './helpers/browser.js'
import { shoal } from './helpers/cli.js'
import { TestSwarm } from './helpers/local-swarm.js'

const { launched, browserTest } = await browserTests()

const SCRIPT = '<script>alert(1)</script>'
const IMAGE = '<img src=x onerror="alert(2)">'

browserTest('make a user and posts, edit and delete one, markup stays text, then Delete my data erases every key', async () => {
  if ('skip' in launched) return
  await using swarm = await TestSwarm.up(3, {}, { consoles: true })
  const page = await launched.browser.newPage()
  const dialogs: string[] = []
  page.on('dialog', dialog => { dialogs.push(dialog.message()); void dialog.dismiss() })
  try {
    await page.goto(new URL('/bacefook', await swarm.consoleUrl(1)).href)
    await page.type('#new-user-name', 'Ada <i>Lovelace</i>')
    await page.click('#new-user button[type=submit]')
    const name = await waitForText(page, '#profile-name', text => text.includes('Ada <i>Lovelace</i>'), 30_000)
    const user = /user_[0-9]+/.exec(name)?.[0]
    assert.ok(user !== undefined, `the profile names its id: ${name}`)
    await waitForText(page, '#users', text => text.includes('Ada <i>Lovelace</i>'))

    const post = async (text: string): Promise<void> => {
      const before = (await texts(page, '#posts .bf-text')).length
      await page.type('#new-post textarea', text)
      await page.click('#new-post button[type=submit]')
      await page.waitForFunction(`document.querySelectorAll('#posts .bf-text').length === ${before + 1}`, { timeout: 15_000 })
    }
    await post('first post')
    await post('second post')
    await post(SCRIPT)
    await post(IMAGE)
    assert.equal(await texts(page, '#posts .bf-text'), [IMAGE, SCRIPT, 'second post', 'first post'], 'newest first, markup as text')

    // Edit the first post, delete the second.
    const first = await page.$$eval('#posts .bf-post', nodes => nodes.map(n => n.getAttribute('data-post') ?? ''))
    const [, , second, oldest] = first
    await page.click(`[data-post="${oldest}"] [data-action=edit]`)
    await page.$eval(`#edit-${oldest} textarea`, area => { (area as unknown as { value: string }).value = '' })
    await page.type(`#edit-${oldest} textarea`, 'first post, edited')
    await page.click(`#edit-${oldest} button[type=submit]`)
    await waitForText(page, `[data-post="${oldest}"] .bf-text`, text => text === 'first post, edited')
    await page.click(`[data-post="${second}"] [data-action=delete]`)
    await waitForText(page, '#status', text => text.includes(`Deleted ${second}`))

    // What the store holds, as the page shows it after a reload.
    await page.reload()
    await waitForText(page, '#posts', text => text.includes('first post, edited'), 30_000)
    assert.equal(await texts(page, '#posts .bf-text'), [IMAGE, SCRIPT, 'first post, edited'])
    const made = {
      scripts: await page.$$eval('script', nodes => nodes.map(n => n.getAttribute('src'))),
      images: (await page.$$('img')).length,
      italics: (await page.$$('i')).length
    }
    assert.equal(made, { scripts: ['/ui/bacefook.js'], images: 0, italics: 0 }, 'no element made from what a user wrote')
    assert.equal(dialogs, [], 'no dialog fired')

    const kv = new KvClient(await swarm.connect())
    const keys: string[] = []
    for await (const pair of kv.scan(`${user}/`)) keys.push(pair.key)
    kv.close()
    assert.is(keys.length, 4, `the profile and three posts: ${keys.join(', ')}`)

    await page.click('#delete-me')
    await page.click('#confirm-delete')
    await waitForText(page, '#status', text => text.includes(`Deleted ${user} and all their posts: 4 keys removed.`))
    await waitForText(page, '#users', text => !text.includes('Lovelace'))
    await Promise.all(keys.map(async key => {
      const got = await shoal(['kv', 'get', key], { home: swarm.home })
      assert.is(got.code, 1, `${key} still answers: ${got.stdout}`)
      assert.match(got.stderr, /no key/)
    }))
  } finally {
    await page.close()
  }
})

test.after(async () => { if ('browser' in launched) await launched.browser.close() })
test.run()
