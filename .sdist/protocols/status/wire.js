export const STATUS_PROTOCOL = '/shoal/swarm/status/1.0.0';
/** The request is empty; anything longer is not a status request. */
export const MAX_STATUS_REQUEST_BYTES = 64;
/** What `view` says of control group `group`. */
export function groupIn(view, group) {
    return view.groups.find(g => g.group === group);
}
//# sourceMappingURL=wire.js.map