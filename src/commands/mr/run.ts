import * as Flags from '@oclif/core/flags'
import { stat } from 'node:fs/promises'
import { DEFAULT_JOB_OPTIONS, MAX_REDUCERS, MIN_TASK_MEMORY_MiB } from '../../../protocols/mr/wire.js'
import { durationFlag } from '../../cli/durations.js'
import { describeJob, JobProgress, jobJson } from '../../cli/jobs.js'
import { sizeFlag } from '../../cli/sizes.js'
import { SwarmCommand } from '../../cli/swarm-command.js'
import { UserError } from '../../client/errors.js'

const MiB = 1024 * 1024
/** The exit code of a job that ran and failed. */
const JOB_FAILED_EXIT = 2

export default class MrRun extends SwarmCommand<typeof MrRun> {
  static override description = 'Run a MapReduce job: a module with map and reduce over DFS files or KV keys; waits for it unless --detach'
  static override examples = [
    '<%= config.bin %> mr run --code examples/wordcount.mjs --input /books --output /out/wc --reducers 2',
    '<%= config.bin %> mr run --code /jobs/grep.mjs --input /logs/a --input /logs/b --output /out/grep --detach',
    '<%= config.bin %> mr run --code examples/posts-per-user.mjs --input kv:user_ --output kv:stats/posts/'
  ]

  static override flags = {
    code: Flags.string({ description: 'the job\'s module: a local .mjs file (uploaded), else a DFS path', required: true }),
    input: Flags.string({ description: 'a DFS file or directory to read, or kv:PREFIX for the KV store\'s keys under PREFIX (repeatable; not both kinds)', required: true, multiple: true }),
    output: Flags.string({ description: 'the DFS directory for part-r-00000..., or kv:PREFIX to put each pair as the key PREFIX+key', required: true }),
    reducers: Flags.integer({ description: 'reduce tasks, and output parts', default: DEFAULT_JOB_OPTIONS.reducers, min: 1, max: MAX_REDUCERS }),
    'input-format': Flags.string({ description: 'one record per line, or per file', options: ['lines', 'whole'], default: 'lines' }),
    'split-size': sizeFlag({ description: 'a map task reads consecutive chunks of at least this many bytes', default: DEFAULT_JOB_OPTIONS.splitSize, min: 1 }),
    'task-timeout': durationFlag({ description: 'time limit of one task attempt', default: DEFAULT_JOB_OPTIONS.taskTimeoutMs }),
    'task-memory': sizeFlag({ description: 'heap limit of the process that runs the code', default: DEFAULT_JOB_OPTIONS.taskMemoryMiB * MiB, min: MIN_TASK_MEMORY_MiB * MiB }),
    'max-attempts': Flags.integer({ description: 'attempts of one task before the job fails', default: DEFAULT_JOB_OPTIONS.maxAttempts, min: 1 }),
    force: Flags.boolean({ description: 'run even if the same job finished on the same input, and replace the output (not for a kv: output)' }),
    detach: Flags.boolean({ description: 'print the job id and return at once' })
  }

  async run (): Promise<Record<string, unknown>> {
    const { flags } = await this.parse(MrRun)
    const progress = new JobProgress(process.stderr.isTTY === true && !this.jsonEnabled())
    const job = await this.withJobs(async (mr, _dfs, signal) => {
      const local = await stat(flags.code).then(s => s.isFile(), () => false)
      if (!local && !flags.code.startsWith('/')) throw new UserError(`no such code file ${flags.code}`)
      const code = local ? await mr.upload(flags.code, signal) : flags.code
      const submitted = await mr.submit({
        code,
        inputs: flags.input,
        output: flags.output,
        force: flags.force,
        options: {
          reducers: flags.reducers,
          inputFormat: flags['input-format'],
          splitSize: flags['split-size'],
          taskTimeoutMs: flags['task-timeout'],
          taskMemoryMiB: Math.floor(flags['task-memory'] / MiB),
          maxAttempts: flags['max-attempts']
        }
      }, signal)
      if (flags.detach || submitted.status !== 'running') return submitted
      if (!this.jsonEnabled()) process.stderr.write(`job ${submitted.id} submitted\n`)
      return await mr.wait(submitted.id, { signal, onProgress: summary => { progress.show(summary) } })
    })
    progress.done()
    if (!this.jsonEnabled()) for (const line of describeJob(job)) this.log(line)
    if (job.status === 'failed' || job.status === 'cancelled') process.exitCode = JOB_FAILED_EXIT
    return jobJson(job)
  }
}
