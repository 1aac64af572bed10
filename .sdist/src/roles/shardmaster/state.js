import { decodeJson, encodeJson } from '../json-state.js';
export const SHARD_COUNT = 64;
export class ShardmasterState {
    configs = [{ num: 0, shards: new Array(SHARD_COUNT).fill(''), groups: {} }];
    apply(data) {
        throw new Error(`unknown shardmaster command ${JSON.stringify(decodeJson(data))}`);
    }
    query(num = -1) {
        return num < 0 || num >= this.configs.length ? this.configs[this.configs.length - 1] : this.configs[num];
    }
    snapshot() {
        return encodeJson(this.configs);
    }
    restore(data) {
        this.configs = decodeJson(data);
    }
}
//# sourceMappingURL=state.js.map