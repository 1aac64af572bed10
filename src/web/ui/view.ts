// A console view: a tab of its own. `mount` fills `root` and keeps it live
// until the returned function is called (the user opened another tab, or
// another route of this one: the view is mounted again for it).

export interface View {
  /** The URL fragment that opens it (#swarm). */
  id: string
  title: string
  /** `route` is what follows `#id/` in the URL ('' for none). */
  mount: (root: HTMLElement, route: string) => () => void
}
