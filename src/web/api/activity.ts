// GET /api/activity: the swarm's bytes/s in and out, KV requests/s and elections over the last few minutes.
import type { ConsoleApi } from '../console.js'
import { ActivitySampler, SAMPLE_EVERY_MS } from '../activity.js'

export const activityApi: ConsoleApi = (app, clients) => {
  const sampler = new ActivitySampler(async () => (await clients.swarm.status()).peers)
  app.get('/api/activity', c => c.json({ everyMs: SAMPLE_EVERY_MS, samples: sampler.history() }))
  return () => { sampler.stop() }
}
