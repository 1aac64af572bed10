// Waiting on conditions with a deadline: the only way tests synchronise.
export async function waitFor(what, probe, options = {}) {
    const deadline = Date.now() + (options.timeoutMs ?? 15_000);
    let lastError;
    while (Date.now() < deadline) {
        try {
            const value = await probe();
            if (value !== undefined && value !== false)
                return value;
        }
        catch (err) {
            lastError = err;
        }
        await new Promise(resolve => setTimeout(resolve, options.intervalMs ?? 50));
    }
    const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
    throw new Error(`timed out after ${options.timeoutMs ?? 15_000} ms waiting for ${what}${reason}`);
}
//# sourceMappingURL=wait.js.map