// A console view: a tab of its own. `mount` fills `root` and keeps it live
// until the returned function is called (the user opened another tab).

export interface View {
  /** The URL fragment that opens it (#swarm). */
  id: string
  title: string
  mount: (root: HTMLElement) => () => void
}
