// The console's one stylesheet (served as /ui/style.css: the CSP allows no inline styles).
export const STYLE = `
:root { font-family: system-ui, sans-serif; color: #1d2a33; background: #f6f8f9; }
body { margin: 0; }
nav { display: flex; gap: 1rem; align-items: center; padding: 0.6rem 1.2rem; background: #123; }
nav a { color: #cde; text-decoration: none; padding: 0.2rem 0.4rem; border-radius: 4px; }
nav a.active { background: #2b4a63; color: #fff; }
nav .sign-out { margin-left: auto; }
nav .brand { color: #fff; font-weight: 600; margin-right: 1rem; }
main { padding: 1rem 1.2rem; max-width: 72rem; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: 0.35rem 0.6rem; border-bottom: 1px solid #e2e8ec; font-size: 0.92rem; }
th { background: #eef2f5; }
.peer { font-family: ui-monospace, monospace; }
.state.alive { color: #17803d; } .state.suspect { color: #b7791f; } .state.dead { color: #c53030; }
.error { color: #c53030; }
.leaders p { margin: 0.2rem 0; }
button { cursor: pointer; }
.bf { display: grid; grid-template-columns: 18rem 1fr; gap: 1.5rem; }
.bf-users { list-style: none; padding: 0; }
.bf-form { display: flex; gap: 0.5rem; align-items: flex-start; margin: 0.5rem 0; }
.bf-form textarea { flex: 1; }
.bf-post { background: #fff; border: 1px solid #e2e8ec; border-radius: 4px; padding: 0.4rem 0.8rem; margin: 0.5rem 0; }
.bf-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.bf-meta { color: #6b7c88; font-size: 0.85rem; }
.bf-meta button { margin-left: 0.5rem; }
.bf-danger { margin-top: 2rem; }
.login { max-width: 30rem; margin: 4rem auto; }
.login input { margin: 0 0.5rem; }
.kv-config { display: flex; gap: 1.5rem; align-items: flex-start; flex-wrap: wrap; }
.kv-config > div { flex: 1; min-width: 20rem; }
.kv-history { display: flex; flex-wrap: wrap; gap: 0.3rem; }
.kv-history button.picked { font-weight: 600; }
#kv-lookup input { margin-right: 0.5rem; min-width: 20rem; }
.value { white-space: pre-wrap; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; }
.chart { margin: 0; }
.chart figcaption { font-size: 0.9rem; }
.state.running { color: #2b6cb0; } .state.succeeded { color: #17803d; } .state.failed { color: #c53030; } .state.cancelled { color: #b7791f; }
.breadcrumbs a { font-family: ui-monospace, monospace; }
.cid { font-family: ui-monospace, monospace; }
.upload { margin-top: 1.5rem; display: flex; flex-wrap: wrap; gap: 0.6rem; align-items: center; }
.upload h2 { width: 100%; font-size: 1.05rem; margin: 0; }
.upload p { width: 100%; margin: 0; }
td pre, pre.error { margin: 0; white-space: pre-wrap; font-size: 0.85rem; }
td .peer { white-space: nowrap; }
`
