// Window updates on yamux streams once half the receive window is used, as
// go-yamux sends them, not after every data frame: @chainsafe/libp2p-yamux
// 8.0 answers each frame it receives with an update, so every Raft frame cost
// a second noise message and socket write the other way (about half of all
// sends in a CPU profile of the raft bench). The sender keeps at least half a
// window to send into meanwhile.
import { StreamState, YamuxStream } from '@chainsafe/libp2p-yamux/stream'

interface WindowState {
  state: StreamState
  recvWindow: number
  recvWindowCapacity: number
  sendWindowUpdate: () => void
}

let deferred = false

export function deferYamuxWindowUpdates (): void {
  if (deferred) return
  deferred = true
  const proto = YamuxStream.prototype as unknown as WindowState
  const sendWindowUpdate = proto.sendWindowUpdate
  proto.sendWindowUpdate = function (this: WindowState) {
    if (this.state === StreamState.Established && this.recvWindowCapacity * 2 >= this.recvWindow) return
    sendWindowUpdate.call(this)
  }
}
