// CPU and memory of processes, read from /proc: what `top` would show.
import { readFile } from 'node:fs/promises';
/** Clock ticks per second of /proc's utime and stime (USER_HZ; 100 on Linux). */
const CLOCK_TICKS = 100;
export async function cpuSeconds(pid) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may hold spaces: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}
/** Resident set and its anonymous part, in MiB. */
export async function memoryMiB(pid) {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kib = (field) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0);
    return { rss: Math.round(kib('VmRSS') / 1024), anon: Math.round(kib('RssAnon') / 1024) };
}
/** Each process's CPU use over `ms` as a percentage of one core, and its memory at the end. */
export async function sample(pids, ms) {
    const before = await Promise.all(pids.map(cpuSeconds));
    const started = performance.now();
    await new Promise(resolve => setTimeout(resolve, ms));
    const seconds = (performance.now() - started) / 1000;
    const after = await Promise.all(pids.map(cpuSeconds));
    return await Promise.all(pids.map(async (pid, k) => {
        const { rss, anon } = await memoryMiB(pid);
        return { cpu_pct: Math.round((after[k] - before[k]) / seconds * 1000) / 10, rss_mib: rss, anon_mib: anon };
    }));
}
//# sourceMappingURL=proc-usage.js.map