// Baseline for the KV benchmark: the same mix on a stock 3-member etcd 3.4
// cluster (bench/etcd-cluster.ts), through one pipelining gRPC session to its
// leader, where a put or a linearizable get is served without a hop to
// another member.
import { EtcdCluster, HOST } from './etcd-cluster.js'
import { EtcdGrpc } from './etcd-grpc.js'
import { runMix, type Mix, type MixFigures } from './kv-load.js'

const MEMBERS = 3

export async function measureEtcdKv (mix: Mix): Promise<MixFigures | { skipped: string }> {
  return await EtcdCluster.with(MEMBERS, async cluster => {
    const { leader } = await cluster.settled()
    const member = cluster.members.find(m => m.id === leader)!
    const client = await EtcdGrpc.connect(`http://${HOST}:${member.clientPort}`)
    try {
      return await runMix(mix, client)
    } finally {
      await client.close()
    }
  })
}
