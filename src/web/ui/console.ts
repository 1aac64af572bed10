// The console page: a tab per view, chosen by the URL fragment; what follows
// the view's id is its route (`#dfs/out/wc` opens the DFS view at /out/wc).
import { signOutButton } from './api.js'
import { el, replace } from './dom.js'
import type { View } from './view.js'
import { swarmView } from './view-swarm.js'
import { kvView } from './view-kv.js'
import { activityView } from './view-activity.js'
import { dfsView } from './view-dfs.js'
import { jobsView } from './view-jobs.js'

const VIEWS: View[] = [swarmView, dfsView, jobsView, kvView, activityView]

const nav = el('nav', {}, el('span', { className: 'brand' }, 'Shoal'), ...VIEWS.map(view => el('a', { attrs: { href: `#${view.id}`, id: `tab-${view.id}` } }, view.title)),
  el('a', { attrs: { href: '/bacefook' } }, 'Bacefook'), signOutButton())
const root = el('main', { attrs: { id: 'view' } })
document.body.append(nav, root)

let unmount = (): void => {}
function show (): void {
  const [id, ...route] = location.hash.slice(1).split('/')
  const view = VIEWS.find(v => v.id === id) ?? VIEWS[0]
  unmount()
  for (const link of nav.querySelectorAll('a')) link.classList.toggle('active', link.id === `tab-${view.id}`)
  replace(root)
  root.dataset.view = view.id
  unmount = view.mount(root, route.join('/'))
}
window.addEventListener('hashchange', show)
show()
