// Runs the real `shoal` CLI as a child process, the way a user would.
import { spawn, type ChildProcess } from 'node:child_process'
import { constants } from 'node:fs'
import { access, mkdtemp, realpath, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url))
export const SHOAL_BIN = join(ROOT, 'bin', 'run.js')

/** The machine's own `node`: the first on PATH that is not the project's (npm scripts put node_modules/.bin first). */
export async function machineNode (): Promise<string> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'node')
    if (dir === '' || !await access(candidate, constants.X_OK).then(() => true, () => false)) continue
    if (!(await realpath(candidate)).startsWith(ROOT)) return candidate
  }
  throw new Error('no node on PATH besides the project\'s own')
}

export interface CliResult { code: number, stdout: string, stderr: string, stdoutBytes: Buffer }

export interface ShoalOptions {
  home?: string
  env?: Record<string, string>
  timeoutMs?: number
  input?: Uint8Array
  /** An installed `shoal` to run; default: this checkout's, under this test's Node. */
  command?: string
  cwd?: string
}

export async function shoal (args: string[], options: ShoalOptions = {}): Promise<CliResult> {
  return await startShoal(args, options).result
}

/** The CLI started; `result` resolves once it has ended. */
export function startShoal (args: string[], options: ShoalOptions = {}): { child: ChildProcess, result: Promise<CliResult> } {
  const [command, ...before] = options.command != null ? [options.command] : [process.execPath, SHOAL_BIN]
  const child = spawn(command, [...before, ...args], {
    cwd: options.cwd,
    stdio: [options.input == null ? 'ignore' : 'pipe', 'pipe', 'pipe'] as Array<'pipe' | 'ignore'>,
    env: {
      ...process.env,
      // Peers started by the test die with the test process, whatever happens.
      SHOAL_EXIT_WITH_PID: String(process.pid),
      ...(options.home != null ? { SHOAL_HOME: options.home } : {}),
      ...options.env
    }
  })
  const result = new Promise<CliResult>((resolve, reject) => {
    const stdout: Buffer[] = []
    let stderr = ''
    child.stdin?.end(options.input)
    child.stdout!.on('data', (d: Buffer) => { stdout.push(d) })
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString() })
    const timer = setTimeout(() => { child.kill('SIGKILL') }, options.timeoutMs ?? 60_000)
    child.on('error', reject)
    child.on('close', code => {
      clearTimeout(timer)
      const stdoutBytes = Buffer.concat(stdout)
      resolve({ code: code ?? -1, stdout: stdoutBytes.toString(), stderr, stdoutBytes })
    })
  })
  return { child, result }
}

export async function tempHome (prefix = 'shoal-test-'): Promise<{ path: string, [Symbol.asyncDispose]: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix))
  return { path, [Symbol.asyncDispose]: async () => { await rm(path, { recursive: true, force: true }) } }
}
