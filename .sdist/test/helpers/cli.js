// Runs the real `shoal` CLI as a child process, the way a user would.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
export const SHOAL_BIN = fileURLToPath(new URL('../../../bin/run.js', import.meta.url));
export async function shoal(args, options = {}) {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [SHOAL_BIN, ...args], {
            stdio: [options.input == null ? 'ignore' : 'pipe', 'pipe', 'pipe'],
            env: {
                ...process.env,
                // Peers started by the test die with the test process, whatever happens.
                SHOAL_EXIT_WITH_PID: String(process.pid),
                ...(options.home != null ? { SHOAL_HOME: options.home } : {}),
                ...options.env
            }
        });
        const stdout = [];
        let stderr = '';
        child.stdin?.end(options.input);
        child.stdout.on('data', (d) => { stdout.push(d); });
        child.stderr.on('data', (d) => { stderr += d.toString(); });
        const timer = setTimeout(() => { child.kill('SIGKILL'); }, options.timeoutMs ?? 60_000);
        child.on('error', reject);
        child.on('close', code => {
            clearTimeout(timer);
            const stdoutBytes = Buffer.concat(stdout);
            resolve({ code: code ?? -1, stdout: stdoutBytes.toString(), stderr, stdoutBytes });
        });
    });
}
export async function tempHome(prefix = 'shoal-test-') {
    const path = await mkdtemp(join(tmpdir(), prefix));
    return { path, [Symbol.asyncDispose]: async () => { await rm(path, { recursive: true, force: true }); } };
}
//# sourceMappingURL=cli.js.map