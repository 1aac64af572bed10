const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const TYPES = new Set(['addVoter', 'addLearner', 'remove']);
/** JSON in UTF-8, `{"type":...,"node":...[,"incarnation":...]}`: stable across versions and readable in a log dump. */
export function encodeConfChange(cc) {
    const incarnation = cc.type === 'addVoter' && cc.incarnation !== undefined ? { incarnation: cc.incarnation } : {};
    return encoder.encode(JSON.stringify({ type: cc.type, node: cc.node, ...incarnation }));
}
/** Throws a TypeError when `data` is not an encoded ConfChange. */
export function decodeConfChange(data) {
    let value;
    try {
        value = JSON.parse(decoder.decode(data));
    }
    catch {
        throw new TypeError('not an encoded ConfChange');
    }
    if (typeof value === 'object' && value !== null && 'type' in value && 'node' in value &&
        typeof value.type === 'string' && TYPES.has(value.type) && typeof value.node === 'string' && value.node !== '') {
        const incarnation = 'incarnation' in value ? value.incarnation : undefined;
        if (incarnation !== undefined && (typeof incarnation !== 'string' || value.type !== 'addVoter'))
            throw new TypeError('not an encoded ConfChange');
        return value.type === 'addVoter' && incarnation !== undefined
            ? { type: 'addVoter', node: value.node, incarnation }
            : { type: value.type, node: value.node };
    }
    throw new TypeError('not an encoded ConfChange');
}
/** The configuration after `cc`. Adding a voter promotes a learner; adding a learner demotes a voter. */
export function applyConfChange(conf, cc) {
    const isVoter = conf.voters.includes(cc.node);
    const isLearner = conf.learners.includes(cc.node);
    let { voters, learners } = conf;
    if (cc.type !== 'addVoter' && isVoter)
        voters = voters.filter(n => n !== cc.node);
    if (cc.type !== 'addLearner' && isLearner)
        learners = learners.filter(n => n !== cc.node);
    if (cc.type === 'addVoter' && !isVoter)
        voters = [...voters, cc.node];
    if (cc.type === 'addLearner' && !isLearner)
        learners = [...learners, cc.node];
    const incarnations = { ...conf.incarnations };
    delete incarnations[cc.node];
    if (cc.type === 'addVoter' && cc.incarnation !== undefined)
        incarnations[cc.node] = cc.incarnation;
    return Object.keys(incarnations).length > 0 ? { voters, learners, incarnations } : { voters, learners };
}
export function copyConf(conf) {
    const copy = { voters: [...conf.voters], learners: [...conf.learners] };
    if (conf.incarnations !== undefined && Object.keys(conf.incarnations).length > 0)
        copy.incarnations = { ...conf.incarnations };
    return copy;
}
//# sourceMappingURL=conf-change.js.map