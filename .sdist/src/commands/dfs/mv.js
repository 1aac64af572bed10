import { Args } from '@oclif/core';
import { DfsCommand } from '../../cli/dfs-command.js';
export default class DfsMv extends DfsCommand {
    static description = 'Move or rename a DFS file or directory (never over an existing path)';
    static examples = ['<%= config.bin %> dfs mv /data/new.csv /data/current.csv'];
    static args = {
        src: Args.string({ description: 'DFS path to move', required: true }),
        dst: Args.string({ description: 'new DFS path', required: true })
    };
    async run() {
        const { args } = await this.parse(DfsMv);
        await this.withDfs(async (dfs) => { await dfs.move(args.src, args.dst); });
        return { from: args.src, to: args.dst };
    }
}
//# sourceMappingURL=mv.js.map