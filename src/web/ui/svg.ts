// SVG built with DOM calls, like dom.ts's el(): the CSP allows no inline
// styles, but presentation attributes (fill, stroke) are attributes.
import { append, type Child } from './dom.js'

const SVG_NS = 'http://www.w3.org/2000/svg'

export function svg<K extends keyof SVGElementTagNameMap> (tag: K, attrs: Record<string, string | number> = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag)
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value))
  append(element, ...children)
  return element
}

const PALETTE = ['#3b82c4', '#e07b39', '#4aa564', '#c4475a', '#8a63c4', '#2fa3a3', '#c4a23b', '#7a8a99', '#d46fb0', '#5c6bc0']

/** A colour per item of `ids`, in the order given (the same ids in the same order get the same colours). */
export function colours (ids: string[]): Map<string, string> {
  return new Map(ids.map((id, k) => [id, PALETTE[k % PALETTE.length]]))
}
