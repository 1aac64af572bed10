// The Bacefook page: make users, open one (the URL fragment names them),
// write, edit and delete their posts, and erase all their data. Everything a
// user wrote goes in as text (dom.ts), never as markup.
import { getJson, postJson, signOutButton } from './api.js'
import { el, replace } from './dom.js'

interface User { id: string, name: string }
interface Post { id: string, author: string, text: string }
interface UsersPage { users: User[], next?: number }

const status = el('p', { attrs: { id: 'status', role: 'status' } })
const userList = el('ul', { className: 'bf-users', attrs: { id: 'users' } })
const more = el('button', { attrs: { id: 'more-users', type: 'button' } }, 'More users')
const profile = el('section', { className: 'bf-profile', attrs: { id: 'profile' } })

function say (text: string, error = false): void {
  status.className = error ? 'error' : ''
  replace(status, text)
}

/** Runs a request, reporting its failure on the page. */
async function attempt (work: () => Promise<void>): Promise<void> {
  try {
    await work()
  } catch (err) {
    say((err as Error).message, true)
  }
}

const selected = (): string | undefined => /^#(user_[0-9]+)$/.exec(location.hash)?.[1]

function userLink (user: User): HTMLElement {
  return el('li', {}, el('a', { attrs: { href: `#${user.id}`, 'data-user': user.id } }, user.name), ` (${user.id})`)
}

let nextPage: number | undefined
async function loadUsers (fresh: boolean): Promise<void> {
  const page = await getJson<UsersPage>(`/api/bacefook/users${!fresh && nextPage !== undefined ? `?before=${nextPage}` : ''}`)
  if (fresh) replace(userList)
  userList.append(...page.users.map(userLink))
  nextPage = page.next
  more.hidden = page.next === undefined
}

function textForm (id: string, label: string, initial: string, submit: (text: string) => Promise<void>, cancel?: () => void): HTMLFormElement {
  const input = el('textarea', { attrs: { name: 'text', rows: '3', required: '', 'aria-label': label } })
  input.value = initial
  const form = el('form', { className: 'bf-form', attrs: { id } }, input, el('button', { attrs: { type: 'submit' } }, label),
    cancel === undefined ? null : el('button', { attrs: { type: 'button' }, on: { click: cancel } }, 'Cancel'))
  form.addEventListener('submit', event => {
    event.preventDefault()
    void attempt(async () => {
      await submit(input.value)
      form.reset()
    })
  })
  return form
}

function postView (user: User, post: Post): HTMLElement {
  const article = el('article', { className: 'bf-post', attrs: { 'data-post': post.id } })
  const base = `/api/bacefook/users/${user.id}/posts/${post.id}`
  const show = (): void => {
    replace(article, el('p', { className: 'bf-text' }, post.text), el('p', { className: 'bf-meta' }, post.id,
      el('button', { attrs: { type: 'button', 'data-action': 'edit' }, on: { click: edit } }, 'Edit'),
      el('button', { attrs: { type: 'button', 'data-action': 'delete' }, on: { click: remove } }, 'Delete')))
  }
  const edit = (): void => {
    replace(article, textForm(`edit-${post.id}`, 'Save', post.text, async text => {
      post = await postJson<Post>(base, { text })
      show()
      say(`Saved ${post.id}.`)
    }, show))
  }
  const remove = (): void => {
    void attempt(async () => {
      await postJson(`${base}/delete`, {})
      article.remove()
      say(`Deleted ${post.id}.`)
    })
  }
  show()
  return article
}

function deleteMyData (user: User): HTMLElement {
  const box = el('div', { className: 'bf-danger' })
  const erase = async (): Promise<void> => {
    const { deleted } = await postJson<{ deleted: number }>(`/api/bacefook/users/${user.id}/delete`, {})
    say(`Deleted ${user.id} and all their posts: ${deleted} keys removed.`)
    history.replaceState(null, '', location.pathname)
    replace(profile)
    await loadUsers(true)
  }
  const ask = (): void => {
    replace(box, `This erases ${user.name} (${user.id}) and every post of theirs, for good.`,
      el('button', { attrs: { type: 'button', id: 'confirm-delete' }, on: { click: () => { void attempt(erase) } } }, 'Erase everything'),
      el('button', { attrs: { type: 'button' }, on: { click: offer } }, 'Cancel'))
  }
  const offer = (): void => { replace(box, el('button', { attrs: { type: 'button', id: 'delete-me' }, on: { click: ask } }, 'Delete my data')) }
  offer()
  return box
}

/** The user being fetched or shown: an answer for any other (the reader moved on) is dropped. */
let showing: AbortController | undefined

async function showUser (id: string): Promise<void> {
  showing?.abort()
  const asked = new AbortController()
  showing = asked
  const answer = await getJson<{ user: User, posts: Post[] }>(`/api/bacefook/users/${id}`, asked.signal).catch((err: unknown) => {
    if (asked.signal.aborted) return undefined
    throw err
  })
  if (answer === undefined || showing !== asked || selected() !== id) return
  const { user, posts } = answer
  const list = el('div', { attrs: { id: 'posts' } }, ...posts.map(post => postView(user, post)))
  replace(profile,
    el('h2', { attrs: { id: 'profile-name' } }, user.name, el('span', { className: 'bf-meta' }, ` ${user.id}`)),
    textForm('new-post', 'Post', '', async text => {
      const post = await postJson<Post>(`/api/bacefook/users/${user.id}/posts`, { text })
      list.prepend(postView(user, post))
      say(`Posted ${post.id}.`)
    }),
    list,
    deleteMyData(user))
}

function newUserForm (): HTMLFormElement {
  const name = el('input', { attrs: { id: 'new-user-name', name: 'name', required: '', maxlength: '100', placeholder: 'Name' } })
  const form = el('form', { className: 'bf-form', attrs: { id: 'new-user' } }, name, el('button', { attrs: { type: 'submit' } }, 'Create user'))
  form.addEventListener('submit', event => {
    event.preventDefault()
    void attempt(async () => {
      const user = await postJson<User>('/api/bacefook/users', { name: name.value })
      name.value = ''
      userList.prepend(userLink(user))
      say(`Made ${user.id}.`)
      location.hash = `#${user.id}`
    })
  })
  return form
}

function route (): void {
  const id = selected()
  if (id === undefined) {
    showing?.abort()
    replace(profile)
  } else void attempt(async () => { await showUser(id) })
}

more.addEventListener('click', () => { void attempt(async () => { await loadUsers(false) }) })
document.body.append(
  el('nav', {}, el('a', { className: 'brand', attrs: { href: '/' } }, 'Shoal'), el('span', { className: 'brand' }, 'Bacefook'), signOutButton()),
  el('main', { className: 'bf' },
    el('aside', {}, el('h2', {}, 'Users'), newUserForm(), userList, more),
    el('div', {}, status, profile)))
window.addEventListener('hashchange', route)
route()
void attempt(async () => { await loadUsers(true) })
