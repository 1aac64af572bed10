// GET /api/swarm: every peer with its roles and state, the coordinators with their terms, the council.
import type { ConsoleApi } from '../console.js'

export const swarmApi: ConsoleApi = (app, clients) => {
  app.get('/api/swarm', async c => c.json(await clients.swarm.status()))
}
