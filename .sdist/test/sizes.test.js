// Sizes on the command line: `8`, `64KiB`, `4MiB`, all units binary.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Errors, Parser } from '@oclif/core';
import { formatSize, parseSize, sizeFlag } from '../src/cli/sizes.js';
const KiB = 1024;
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const TiB = 1024 ** 4;
test('whole bytes and binary units, any case, with or without a space', () => {
    assert.is(parseSize('8'), 8);
    assert.is(parseSize('0'), 0);
    assert.is(parseSize('64KiB'), 64 * KiB);
    assert.is(parseSize('4MiB'), 4 * MiB);
    assert.is(parseSize('4 MiB'), 4 * MiB);
    assert.is(parseSize(' 2gib '), 2 * GiB);
    assert.is(parseSize('1TiB'), TiB);
    assert.is(parseSize('512B'), 512);
    assert.is(parseSize('512 b'), 512);
});
test('K, M, G, T and KB, MB, GB are the same binary units', () => {
    assert.is(parseSize('64K'), 64 * KiB);
    assert.is(parseSize('64kb'), 64 * KiB);
    assert.is(parseSize('4M'), 4 * MiB);
    assert.is(parseSize('4MB'), 4 * MiB);
    assert.is(parseSize('1G'), GiB);
    assert.is(parseSize('1GB'), GiB);
    assert.is(parseSize('1T'), TiB);
});
test('decimals are allowed when they come to whole bytes', () => {
    assert.is(parseSize('1.5KiB'), 1536);
    assert.is(parseSize('0.5 MiB'), 512 * KiB);
    assert.is(parseSize('1.0'), 1);
    assert.is(parseSize('2.25GiB'), 2.25 * GiB);
    assert.throws(() => parseSize('0.3B'), /not a whole number of bytes/);
    assert.throws(() => parseSize('1.5'), /not a whole number of bytes/);
    assert.throws(() => parseSize('0.1KiB'), /not a whole number of bytes/);
});
test('bad input is a RangeError quoting the input and showing examples', () => {
    for (const bad of ['', '  ', '-1', '-4MiB', '+4', 'abc', '4 MiBs', '4Mi', '4PiB', '1e3', 'Infinity', 'NaN', '0x10', '.5K', '5.K', '4 4', '4_096']) {
        assert.throws(() => parseSize(bad), (err) => err instanceof RangeError && err.message.includes(JSON.stringify(bad)) && err.message.includes('64KiB'), `accepted ${JSON.stringify(bad)}`);
    }
});
test('sizes above Number.MAX_SAFE_INTEGER are refused, not rounded', () => {
    assert.is(parseSize(String(Number.MAX_SAFE_INTEGER)), Number.MAX_SAFE_INTEGER);
    assert.throws(() => parseSize(String(Number.MAX_SAFE_INTEGER + 1)), /larger than/);
    assert.throws(() => parseSize('9007199254740993'), /larger than/);
    assert.throws(() => parseSize('8192TiB'), /larger than/);
    assert.throws(() => parseSize('9'.repeat(400)), /larger than/);
});
test('formatSize picks the largest unit and shows at most one decimal', () => {
    assert.is(formatSize(0), '0 B');
    assert.is(formatSize(8), '8 B');
    assert.is(formatSize(1023), '1023 B');
    assert.is(formatSize(1024), '1 KiB');
    assert.is(formatSize(64 * KiB), '64 KiB');
    assert.is(formatSize(4 * MiB), '4 MiB');
    assert.is(formatSize(1.5 * GiB), '1.5 GiB');
    assert.is(formatSize(1536 * 1024 + 123), '1.5 MiB');
    assert.is(formatSize(MiB - 1), '1 MiB', 'rounding up to 1024 KiB carries into MiB');
    assert.is(formatSize(3 * TiB), '3 TiB');
    assert.is(formatSize(2048 * TiB), '2048 TiB');
    assert.is(formatSize(12.7), '13 B');
});
test('formatSize output parses back', () => {
    for (const n of [0, 8, 64 * KiB, 4 * MiB, 1.5 * GiB])
        assert.is(parseSize(formatSize(n)), n);
});
const flags = {
    'chunk-size': sizeFlag({ description: 'chunk size', default: 4 * MiB, min: 1, max: 64 * MiB }),
    limit: sizeFlag({ description: 'optional' })
};
test('sizeFlag parses the flag value, and applies its default and bounds', async () => {
    const given = await Parser.parse(['--chunk-size', '64KiB', '--limit=1.5K'], { flags });
    assert.is(given.flags['chunk-size'], 64 * KiB);
    assert.is(given.flags.limit, 1536);
    const defaulted = await Parser.parse([], { flags });
    assert.is(defaulted.flags['chunk-size'], 4 * MiB);
    assert.is(defaulted.flags.limit, undefined);
});
test('a bad flag value is a user error with exit code 1', async () => {
    for (const [input, pattern] of [['lots', /invalid size "lots"/], ['0', /below the minimum of 1 B/], ['65MiB', /above the maximum of 64 MiB/]]) {
        try {
            await Parser.parse(['--chunk-size', input], { flags });
            assert.unreachable(`accepted ${input}`);
        }
        catch (err) {
            assert.instance(err, Errors.CLIError);
            assert.match(err.message, pattern);
            assert.match(err.message, /--chunk-size/);
            assert.is(err.oclif.exit, 1);
        }
    }
});
test.run();
//# sourceMappingURL=sizes.test.js.map