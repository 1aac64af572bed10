// The Jobs view's API:
//   GET  /api/jobs                 the newest MapReduce jobs (without their failed attempts' reasons)
//   GET  /api/jobs/:id             one job, with the reasons of its latest failed attempts
//   POST /api/jobs/:id/cancel      stops a running job
import type { ConsoleApi } from '../console.js'

export const jobsApi: ConsoleApi = (app, clients) => {
  app.get('/api/jobs', async c => c.json(await clients.mr.list(c.req.raw.signal)))
  app.get('/api/jobs/:id', async c => c.json(await clients.mr.status(c.req.param('id'), c.req.raw.signal)))
  app.post('/api/jobs/:id/cancel', async c => c.json(await clients.mr.cancel(c.req.param('id'), c.req.raw.signal)))
}
