// Talking to the console's server: JSON in and out; every change is a POST
// carrying the CSRF token the page was served with.

const csrfToken = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? ''

export class ApiError extends Error {
  constructor (readonly status: number, message: string) { super(message) }
}

async function answer<T> (response: Response): Promise<T> {
  const body = await response.json().catch(() => ({ error: response.statusText })) as T & { error?: string }
  if (!response.ok) throw new ApiError(response.status, body.error ?? response.statusText)
  return body
}

export async function getJson<T> (path: string, signal?: AbortSignal): Promise<T> {
  return await answer<T>(await fetch(path, { signal, headers: { accept: 'application/json' } }))
}

export async function postJson<T> (path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  return await answer<T>(await fetch(path, {
    method: 'POST', signal, headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken }, body: JSON.stringify(body)
  }))
}

/** Headers for a POST whose body is not JSON (an upload). */
export function changeHeaders (): Record<string, string> {
  return { 'x-csrf-token': csrfToken }
}

/**
 * Runs `refresh` now and then every `everyMs` (never under a second) until
 * the returned stop is called; a refresh still running is not overlapped.
 */
export function poll (refresh: (signal: AbortSignal) => Promise<void>, everyMs = 1000): () => void {
  const stopped = new AbortController()
  const interval = Math.max(1000, everyMs)
  const run = async (): Promise<void> => {
    while (!stopped.signal.aborted) {
      const started = performance.now()
      await refresh(stopped.signal).catch(() => {})
      await new Promise(resolve => setTimeout(resolve, Math.max(0, interval - (performance.now() - started))))
    }
  }
  void run()
  return () => { stopped.abort() }
}

/** On a console that asked for its token: a button that ends this session and goes back to the sign-in page. */
export function signOutButton (): HTMLButtonElement | null {
  if (document.querySelector('meta[name="signed-in"]') === null) return null
  const button = document.createElement('button')
  button.type = 'button'
  button.id = 'sign-out'
  button.className = 'sign-out'
  button.textContent = 'Sign out'
  button.addEventListener('click', () => {
    void postJson('/logout', {}).finally(() => { location.assign('/login') })
  })
  return button
}
