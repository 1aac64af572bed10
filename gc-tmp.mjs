const { multiaddr: ma } = await import('@multiformats/multiaddr')
const { Swarm } = await import('/work/main/dist/src/client/swarm.js')
const { DfsClient } = await import('/work/main/dist/src/client/dfs.js')
const { getChunk, serverAddrs } = await import('/work/main/dist/src/peer/chunk-wire.js')
const { readSwarmFile } = await import('/work/main/dist/src/client/swarm-file.js')
const f = await readSwarmFile('/tmp/sb')
const s = await Swarm.connect({ home: '/tmp/sb' })
const d = new DfsClient(s)
const st = await d.stat('/f20')
const c = st.chunks[0]
const peer = f.peers.find(p => p.id === c.replicas[0].id)
for (const whole of [true, false]) {
  const out = []
  for (let i = 0; i < 8; i++) {
    const t = performance.now()
    await getChunk(s.node, peer.addrs.map(a => ma(a)), { cid: c.cid, offset: 0, length: whole ? 0 : 1, whole })
    out.push(Math.round(performance.now() - t))
  }
  console.log(whole ? 'whole 4MiB' : '1 byte', out.join(' '))
}
await s.close()
