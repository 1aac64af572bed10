// The console page: a tab per view, chosen by the URL fragment.
import { el, replace } from './dom.js'
import type { View } from './view.js'
import { swarmView } from './view-swarm.js'
import { kvView } from './view-kv.js'
import { activityView } from './view-activity.js'

const VIEWS: View[] = [swarmView, kvView, activityView]

const nav = el('nav', {}, el('span', { className: 'brand' }, 'Shoal'), ...VIEWS.map(view => el('a', { attrs: { href: `#${view.id}`, id: `tab-${view.id}` } }, view.title)),
  el('a', { attrs: { href: '/bacefook' } }, 'Bacefook'))
const root = el('main', { attrs: { id: 'view' } })
document.body.append(nav, root)

let unmount = (): void => {}
function show (): void {
  const view = VIEWS.find(v => `#${v.id}` === location.hash) ?? VIEWS[0]
  unmount()
  for (const link of nav.querySelectorAll('a')) link.classList.toggle('active', link.id === `tab-${view.id}`)
  replace(root)
  root.dataset.view = view.id
  unmount = view.mount(root)
}
window.addEventListener('hashchange', show)
show()
