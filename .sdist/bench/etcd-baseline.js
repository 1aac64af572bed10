// Baseline for the election benchmark, measured live: a stock etcd cluster
// (Debian's etcd-server, 3.4 in bookworm; default heartbeat 100 ms and election
// timeout 1000 ms) on 127.0.0.1, whose leader is SIGKILLed `kills` times. Each
// sample is the time from the kill until a surviving member reports a leader
// other than the killed one, in a higher raft term. The killed member is
// restarted on its data dir, and the cluster is healthy again, before the next
// round. If etcd is missing and cannot be installed, the result says why.
import { spawn } from 'node:child_process';
import { closeSync, constants, openSync, rmSync } from 'node:fs';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
const HOST = '127.0.0.1';
const POLL_MS = 15;
const REQUEST_TIMEOUT_MS = 500;
const START_DEADLINE_MS = 30_000;
const FAILOVER_DEADLINE_MS = 15_000;
const EXIT_DEADLINE_MS = 5_000;
const APT_TIMEOUT_MS = 10 * 60_000;
const running = (child) => child?.pid != null && child.exitCode === null && child.signalCode === null;
const pause = async (ms) => { await new Promise(resolve => setTimeout(resolve, ms)); };
/** Polls `probe` every POLL_MS until it returns a value, or throws `what` after `ms`. */
async function until(what, ms, probe) {
    const deadline = performance.now() + ms;
    for (;;) {
        const value = await probe();
        if (value !== undefined)
            return value;
        if (performance.now() > deadline)
            throw new Error(`etcd baseline: timed out after ${ms} ms waiting for ${what()}`);
        await pause(POLL_MS);
    }
}
async function run(command, args, env = process.env) {
    return await new Promise(resolve => {
        let output = '';
        const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: APT_TIMEOUT_MS });
        child.stdout.on('data', (chunk) => { output += chunk.toString(); });
        child.stderr.on('data', (chunk) => { output += chunk.toString(); });
        child.on('error', error => { resolve({ code: null, output: output + String(error) }); });
        child.on('close', code => { resolve({ code, output }); });
    });
}
async function onPath(name) {
    for (const dir of (process.env.PATH ?? '').split(delimiter).filter(d => d !== '')) {
        const file = join(dir, name);
        if (await access(file, constants.X_OK).then(() => true, () => false))
            return file;
    }
    return undefined;
}
const lastLines = (text, n = 5) => text.trim().split('\n').slice(-n).join(' | ');
/** The etcd binary, installing Debian's packages if needed; a string is why it cannot be had. */
async function findOrInstallEtcd() {
    const found = await onPath('etcd');
    if (found != null)
        return { etcd: found };
    if (process.platform !== 'linux' || process.getuid?.() !== 0) {
        return { skipped: 'etcd is not on PATH and this process is not root, so `apt-get install etcd-server etcd-client` cannot run' };
    }
    if (await onPath('apt-get') == null)
        return { skipped: 'etcd is not on PATH and there is no apt-get to install etcd-server with' };
    // No service is started by hand here; whatever the package's postinst does
    // with its own unit does not matter, as our members use their own ports and dirs.
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = async () => await run('apt-get', ['install', '-y', '--no-install-recommends', 'etcd-server', 'etcd-client'], env);
    let installed = await install();
    if (installed.code !== 0) {
        // Most often the package lists are missing or stale; refresh them once.
        const update = await run('apt-get', ['update'], env);
        if (update.code !== 0)
            return { skipped: `etcd is not installed and \`apt-get update\` failed (exit ${update.code}): ${lastLines(update.output)}` };
        installed = await install();
    }
    if (installed.code !== 0)
        return { skipped: `\`apt-get install etcd-server etcd-client\` failed (exit ${installed.code}): ${lastLines(installed.output)}` };
    const etcd = await onPath('etcd') ?? '/usr/bin/etcd';
    if (!await access(etcd, constants.X_OK).then(() => true, () => false))
        return { skipped: 'etcd-server installed but no etcd binary was found' };
    return { etcd };
}
/** `count` distinct free TCP ports on 127.0.0.1 (all held open together, then released). */
async function freePorts(count) {
    const servers = [];
    try {
        for (let i = 0; i < count; i++) {
            const server = createServer();
            servers.push(server);
            await new Promise((resolve, reject) => { server.once('error', reject).listen(0, HOST, resolve); });
        }
        return servers.map(s => s.address().port);
    }
    finally {
        await Promise.all(servers.map(async (s) => { await new Promise(resolve => s.close(resolve)); }));
    }
}
/** A member's own view, from the gRPC gateway; undefined if it does not answer. */
async function status(member) {
    try {
        const response = await fetch(`http://${HOST}:${member.clientPort}/v3/maintenance/status`, {
            method: 'POST', body: '{}', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS)
        });
        if (!response.ok)
            return undefined;
        const body = await response.json();
        const memberId = body.header?.member_id;
        if (memberId == null)
            return undefined;
        return { memberId, leader: body.leader ?? '0', term: BigInt(body.raftTerm ?? body.header?.raft_term ?? '0') };
    }
    catch {
        return undefined;
    }
}
async function healthy(member) {
    try {
        const response = await fetch(`http://${HOST}:${member.clientPort}/health`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        return response.ok && (await response.json()).health === 'true';
    }
    catch {
        return false;
    }
}
export function figures(samples) {
    const sorted = [...samples].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    return { median_ms: Math.round(median), max_ms: Math.round(sorted.at(-1) ?? NaN), samples_ms: samples.map(Math.round) };
}
export async function measureEtcdFailover(options) {
    if (!Number.isInteger(options.members) || options.members < 3)
        throw new Error('etcd baseline: need at least 3 members to survive a leader kill');
    if (!Number.isInteger(options.kills) || options.kills < 1)
        throw new Error('etcd baseline: kills must be a positive integer');
    const found = await findOrInstallEtcd();
    if ('skipped' in found)
        return found;
    const { etcd } = found;
    // Children die with us: setpriv makes the kernel SIGKILL each one when this
    // process dies (even by SIGKILL); the exit hook and `finally` cover the rest.
    const setpriv = await onPath('setpriv');
    const ports = await freePorts(2 * options.members);
    const dir = await mkdtemp(join(tmpdir(), 'shoal-etcd-baseline-'));
    const members = Array.from({ length: options.members }, (_, i) => ({
        name: `m${i}`,
        clientPort: ports[2 * i],
        peerPort: ports[2 * i + 1],
        dataDir: join(dir, `m${i}.etcd`),
        log: join(dir, `m${i}.log`)
    }));
    const initialCluster = members.map(m => `${m.name}=http://${HOST}:${m.peerPort}`).join(',');
    const token = `shoal-baseline-${process.pid}-${Date.now()}`;
    const killAll = () => {
        for (const m of members)
            if (running(m.child))
                m.child.kill('SIGKILL');
    };
    // If this process ends without reaching `finally` (process.exit, SIGINT, SIGTERM).
    const abandon = () => {
        killAll();
        try {
            rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
        }
        catch { }
    };
    const onSignal = (signal) => {
        abandon();
        process.off(signal, onSignal);
        process.kill(process.pid, signal);
    };
    process.on('exit', abandon);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const start = (m, state) => {
        const args = [
            '--name', m.name,
            '--data-dir', m.dataDir,
            '--listen-client-urls', `http://${HOST}:${m.clientPort}`,
            '--advertise-client-urls', `http://${HOST}:${m.clientPort}`,
            '--listen-peer-urls', `http://${HOST}:${m.peerPort}`,
            '--initial-advertise-peer-urls', `http://${HOST}:${m.peerPort}`,
            '--initial-cluster', initialCluster,
            '--initial-cluster-token', token,
            '--initial-cluster-state', state
        ];
        const fd = openSync(m.log, 'a');
        try {
            const [command, argv] = setpriv != null ? [setpriv, ['--pdeathsig', 'KILL', etcd, ...args]] : [etcd, args];
            m.child = spawn(command, argv, { stdio: ['ignore', fd, fd] });
            m.child.on('error', () => { }); // a failed spawn shows up as a member that is not running
        }
        finally {
            closeSync(fd);
        }
    };
    const exitOf = async (m) => {
        await until(() => `${m.name} to exit after SIGKILL`, EXIT_DEADLINE_MS, async () => running(m.child) ? undefined : true);
    };
    const alive = (about) => {
        const dead = about.find(m => !running(m.child));
        if (dead != null)
            throw new Error(`etcd baseline: ${dead.name} exited unexpectedly (code ${dead.child?.exitCode}, signal ${dead.child?.signalCode})`);
    };
    const logTail = async (m) => lastLines(await readFile(m.log, 'utf8').catch(() => ''), 8);
    const withLogs = async (promise, about) => {
        try {
            return await promise;
        }
        catch (error) {
            const tails = await Promise.all(about.map(async (m) => `\n  ${m.name} log: ${await logTail(m)}`));
            throw new Error(`${error.message}${tails.join('')}`);
        }
    };
    /** Every member healthy and agreeing on one leader; returns that leader's status. */
    const settled = async () => await withLogs(until(() => 'a healthy etcd cluster with one leader', START_DEADLINE_MS, async () => {
        alive(members);
        const all = await Promise.all(members.map(status));
        if (all.some(s => s == null || s.leader === '0' || s.leader !== all[0].leader))
            return undefined;
        all.forEach((s, i) => { members[i].id = s.memberId; });
        if (!(await Promise.all(members.map(healthy))).every(Boolean))
            return undefined;
        return all.find(s => s.memberId === s.leader);
    }), members);
    const samples = [];
    try {
        members.forEach(m => { start(m, 'new'); });
        for (let round = 0; round < options.kills; round++) {
            const before = await settled();
            const victim = members.find(m => m.id === before.leader);
            const child = victim.child;
            const killedAt = performance.now();
            child.kill('SIGKILL');
            const survivors = members.filter(m => m !== victim);
            await withLogs(until(() => `a new leader after killing ${victim.name} (round ${round + 1})`, FAILOVER_DEADLINE_MS, async () => {
                alive(survivors);
                const seen = await Promise.all(survivors.map(status));
                return seen.some(s => s != null && s.leader !== '0' && s.leader !== before.leader && s.term > before.term) ? true : undefined;
            }), survivors);
            samples.push(performance.now() - killedAt);
            await exitOf(victim);
            start(victim, 'existing');
        }
        await settled();
    }
    finally {
        process.off('exit', abandon);
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        killAll();
        try {
            await Promise.all(members.map(exitOf));
        }
        finally {
            await rm(dir, { recursive: true, force: true });
        }
    }
    return figures(samples);
}
//# sourceMappingURL=etcd-baseline.js.map