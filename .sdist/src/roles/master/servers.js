export function chunkServers(view) {
    return view.list()
        .filter(member => member.heartbeat.roles.includes('chunkserver'))
        .map(member => ({ id: member.heartbeat.id, state: member.state, freeDisk: member.heartbeat.freeDisk, full: member.heartbeat.full }));
}
export function liveChunkServers(view) {
    return chunkServers(view).filter(server => server.state === 'alive').length;
}
export function describeServer(view, id) {
    const member = view.get(id);
    return { id, addrs: member?.heartbeat.addrs ?? [], state: member?.state ?? 'dead' };
}
//# sourceMappingURL=servers.js.map