// Building the page without HTML strings: every text goes in as a text node,
// so nothing a user wrote can become markup.

export type Child = Node | string | number | null | undefined | false

export interface Props {
  className?: string
  /** Attributes, never `style` (the CSP forbids inline styles) nor `on*`. */
  attrs?: Record<string, string>
  on?: Partial<Record<keyof HTMLElementEventMap, (event: any) => void>>
}

export function el<K extends keyof HTMLElementTagNameMap> (tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  if (props.className !== undefined) element.className = props.className
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value)
  for (const [type, listener] of Object.entries(props.on ?? {})) element.addEventListener(type, listener as EventListener)
  append(element, ...children)
  return element
}

export function append (parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child)
  }
}

/** Replaces everything in `parent` with `children`. */
export function replace (parent: Node, ...children: Child[]): void {
  while (parent.firstChild != null) parent.removeChild(parent.firstChild)
  append(parent, ...children)
}

export function table (headers: string[], rows: Child[][], props: Props = {}): HTMLTableElement {
  return el('table', props,
    el('thead', {}, el('tr', {}, ...headers.map(h => el('th', {}, h)))),
    el('tbody', {}, ...rows.map(row => el('tr', {}, ...row.map(cell => el('td', {}, cell))))))
}

/** A peer id shortened the way the peers' logs name them (its last 8 characters), the full id on hover. */
export function peerName (id: string): HTMLElement {
  return el('span', { className: 'peer', attrs: { title: id } }, `…${id.slice(-8)}`)
}

export function formatBytes (bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++ }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`
}
