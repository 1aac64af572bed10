// The HTML the console serves: a shell per page that loads one script. No
// user content is ever put into HTML: the scripts fill pages with textContent.

export interface Shell {
  title: string
  /** The compiled script under /ui/ that runs the page. */
  script: string
  csrfToken: string
  /** The reader signed in with the console's token (the page offers Sign out). */
  signedIn: boolean
}

export function shellPage ({ title, script, csrfToken, signedIn }: Shell): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${csrfToken}">
${signedIn ? '<meta name="signed-in" content="yes">\n' : ''}<title>${title}</title>
<link rel="stylesheet" href="/ui/style.css">
<script type="module" src="/ui/${script}"></script>
</head>
<body>
<noscript>The Shoal console needs JavaScript.</noscript>
</body>
</html>
`
}

export const LOGIN_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Shoal console: sign in</title><link rel="stylesheet" href="/ui/style.css"></head>
<body>
<main class="login">
<h1>Shoal console</h1>
<p>This console is reachable from other machines, so it asks for its access token.
The peer printed it in its log when it first started; it is kept in <code>console.token</code> in the peer's home.</p>
<form method="post" action="/login">
<label>Token <input name="token" type="password" autocomplete="current-password" required autofocus></label>
<button type="submit">Sign in</button>
</form>
</main>
</body>
</html>
`
