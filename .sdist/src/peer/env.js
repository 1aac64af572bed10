// Durations the environment may override (tests shorten them). A value that is
// not a number of milliseconds above 0 stops the process at start-up rather
// than turning a timer into NaN.
export function durationFromEnv(name, fallback) {
    const text = process.env[name];
    if (text === undefined)
        return fallback;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || value <= 0)
        throw new RangeError(`${name} must be a number of milliseconds above 0, not ${JSON.stringify(text)}`);
    return value;
}
//# sourceMappingURL=env.js.map