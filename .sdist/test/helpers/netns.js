// A tiny lab of "hosts" for multi-host tests: Linux network namespaces joined
// by a bridge, one veth each, addresses in a private /24 that exists only on
// those veths (no routes out: nothing here can reach any other network).
//
// Names carry the owning test's pid so concurrent runs never touch each
// other's, and leftovers of crashed runs can be recognised and removed:
//   namespace  shoal<pid><tag><i>   e.g. shoal48213r1
//   bridge     shb<pid><tag>        (root namespace; <= 15 chars)
//   veth       shv<pid><tag><i>     (root-namespace end; the namespace end is `lan0`)
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { waitFor } from './wait.js';
const execFileP = promisify(execFile);
const OWNED = /^(?:shoal|shb|shv)(\d+)[a-z]/;
const NS_DEV = 'lan0';
/** Runs `ip` (or anything) to completion; rejects with its stderr on failure. */
async function sh(command, args) {
    try {
        const { stdout } = await execFileP(command, args, { timeout: 10_000 });
        return stdout;
    }
    catch (err) {
        const detail = err.code === 'ENOENT' ? `no \`${command}\` command` : (err.stderr?.toString().trim() || err.message);
        throw new Error(`${command} ${args.join(' ')}: ${detail}`);
    }
}
async function quietly(command, args) {
    await sh(command, args).catch(() => { });
}
function ownerGone(name) {
    const owner = Number(OWNED.exec(name)?.[1] ?? NaN);
    if (Number.isNaN(owner))
        return false;
    if (owner === process.pid)
        return true; // ours from before this run started: the pid was reused
    try {
        process.kill(owner, 0);
        return false;
    }
    catch (err) {
        return err.code === 'ESRCH';
    }
}
async function namespaces() {
    const out = await sh('ip', ['netns', 'list']).catch(() => '');
    return out.split('\n').map(line => line.split(' ')[0]).filter(name => name !== '');
}
async function links() {
    const out = await sh('ip', ['-o', 'link', 'show']).catch(() => '');
    return out.split('\n').flatMap(line => {
        const name = /^\d+:\s+([^:@\s]+)/.exec(line)?.[1];
        return name == null ? [] : [name];
    });
}
async function deleteNamespace(ns) {
    // Anything still running in it (a peer of a crashed run) goes first.
    const pids = await sh('ip', ['netns', 'pids', ns]).catch(() => '');
    for (const pid of pids.split(/\s+/).filter(p => p !== '')) {
        try {
            process.kill(Number(pid), 'SIGKILL');
        }
        catch { }
    }
    await quietly('ip', ['netns', 'del', ns]);
}
/** Removes namespaces, bridges and veths left by earlier runs whose test process is gone. */
export async function removeLeftovers() {
    const removed = [];
    for (const link of (await links()).filter(name => OWNED.test(name) && ownerGone(name))) {
        await quietly('ip', ['link', 'del', link]);
        removed.push(link);
    }
    for (const ns of (await namespaces()).filter(name => OWNED.test(name) && ownerGone(name))) {
        await deleteNamespace(ns);
        removed.push(ns);
    }
    return removed;
}
/** Why namespaces cannot be made here (not root, no CAP_SYS_ADMIN, no `ip`, no bridge), or undefined when they can. */
export async function netnsUnavailable() {
    try {
        const probe = await NetnsLab.create(1, { tag: 'p' });
        await probe.destroy();
        return undefined;
    }
    catch (err) {
        return err.message;
    }
}
/** A process running inside a namespace, its output kept for failure reports. */
export class LabProcess {
    child;
    name;
    stdout = '';
    stderr = '';
    exitCode;
    constructor(name, child) {
        this.name = name;
        this.child = child;
        child.stdout?.on('data', (d) => { this.stdout += d.toString(); });
        child.stderr?.on('data', (d) => { this.stderr += d.toString(); });
        child.on('exit', (code, signal) => { this.exitCode = code ?? (signal != null ? -1 : null); });
    }
    get running() {
        return this.exitCode === undefined;
    }
    /** Waits for a line of stdout matching `pattern` and returns its match. */
    async line(pattern, timeoutMs = 15_000) {
        return waitFor(`${this.name} to print ${pattern}`, () => {
            if (!this.running)
                throw new Error(`${this.name} exited (${this.exitCode}):\n${this.output()}`);
            return pattern.exec(this.stdout) ?? undefined;
        }, { timeoutMs });
    }
    output() {
        const indent = (text) => text.trimEnd().replace(/^/gm, '    ');
        return `--- ${this.name} stdout\n${indent(this.stdout)}\n--- ${this.name} stderr\n${indent(this.stderr)}`;
    }
    async kill() {
        if (!this.running)
            return;
        const exited = new Promise(resolve => this.child.once('exit', resolve));
        this.child.kill('SIGKILL');
        await exited;
    }
}
export class NetnsLab {
    hosts;
    bridge;
    processes = [];
    destroyed = false;
    constructor(bridge, hosts) {
        this.bridge = bridge;
        this.hosts = hosts;
    }
    /**
     * Builds `count` hosts on one bridge: host i is `<subnet>.<i>/24` on `lan0`
     * in its namespace, with `lo` up. Anything half-built is removed on failure.
     */
    static async create(count, options = {}) {
        const tag = options.tag ?? 'r';
        const subnet = options.subnet ?? '10.213.7';
        const id = `${process.pid}${tag}`;
        const hosts = Array.from({ length: count }, (_, i) => ({
            index: i + 1, ns: `shoal${id}${i + 1}`, ip: `${subnet}.${i + 1}`, hostDev: `shv${id}${i + 1}`
        }));
        const lab = new NetnsLab(`shb${id}`, hosts);
        try {
            await sh('ip', ['link', 'add', lab.bridge, 'type', 'bridge']);
            await sh('ip', ['link', 'set', lab.bridge, 'up']);
            for (const host of hosts) {
                await sh('ip', ['netns', 'add', host.ns]);
                await sh('ip', ['link', 'add', host.hostDev, 'type', 'veth', 'peer', 'name', NS_DEV, 'netns', host.ns]);
                await sh('ip', ['link', 'set', host.hostDev, 'master', lab.bridge, 'up']);
                await sh('ip', ['-n', host.ns, 'link', 'set', 'lo', 'up']);
                await sh('ip', ['-n', host.ns, 'addr', 'add', `${host.ip}/24`, 'dev', NS_DEV]);
                await sh('ip', ['-n', host.ns, 'link', 'set', NS_DEV, 'up']);
            }
        }
        catch (err) {
            await lab.destroy();
            throw err;
        }
        return lab;
    }
    argv(host, command, args) {
        return ['netns', 'exec', host.ns, command, ...args];
    }
    /** Starts a long-running process in a host's namespace (stdin piped if asked); `destroy` SIGKILLs it. */
    spawn(host, name, command, args, options = {}) {
        const child = spawn('ip', this.argv(host, command, args), {
            stdio: [options.stdin === true ? 'pipe' : 'ignore', 'pipe', 'pipe'],
            env: { ...process.env, ...options.env }
        });
        const proc = new LabProcess(name, child);
        this.processes.push(proc);
        return proc;
    }
    /** Runs a command to completion in a host's namespace. */
    async run(host, command, args, options = {}) {
        const proc = this.spawn(host, `${command} on h${host.index}`, command, args, { env: options.env });
        const timer = setTimeout(() => { void proc.kill(); }, options.timeoutMs ?? 15_000);
        const code = await new Promise((resolve, reject) => {
            proc.child.once('error', reject);
            proc.child.once('close', code => { resolve(code ?? -1); });
        }).finally(() => { clearTimeout(timer); });
        this.processes.splice(this.processes.indexOf(proc), 1);
        return { code, stdout: proc.stdout, stderr: proc.stderr };
    }
    /** Pulls the host's cable: its veth goes down inside its namespace (its own address still answers locally). */
    async cut(host) {
        await sh('ip', ['-n', host.ns, 'link', 'set', NS_DEV, 'down']);
    }
    async heal(host) {
        await sh('ip', ['-n', host.ns, 'link', 'set', NS_DEV, 'up']);
    }
    /** SIGKILLs every process started here, then removes veths, bridge and namespaces. Safe to call twice. */
    async destroy() {
        if (this.destroyed)
            return;
        this.destroyed = true;
        await Promise.all(this.processes.map(async (p) => { await p.kill(); }));
        for (const host of this.hosts)
            await quietly('ip', ['link', 'del', host.hostDev]);
        await quietly('ip', ['link', 'del', this.bridge]);
        for (const host of this.hosts)
            await deleteNamespace(host.ns);
    }
    async [Symbol.asyncDispose]() {
        await this.destroy();
    }
}
//# sourceMappingURL=netns.js.map