import { Args, Flags } from '@oclif/core';
import { DfsCommand } from '../../cli/dfs-command.js';
export default class DfsMkdir extends DfsCommand {
    static description = 'Create a DFS directory';
    static examples = ['<%= config.bin %> dfs mkdir /data', '<%= config.bin %> dfs mkdir -p /data/2026/11'];
    static args = {
        path: Args.string({ description: 'DFS path', required: true })
    };
    static flags = {
        parents: Flags.boolean({ char: 'p', description: 'create missing parents; no error if it exists' })
    };
    async run() {
        const { args, flags } = await this.parse(DfsMkdir);
        await this.withDfs(async (dfs) => { await dfs.mkdir(args.path, { parents: flags.parents }); });
        return { path: args.path };
    }
}
//# sourceMappingURL=mkdir.js.map