// The options each seed runs with, shared by the test and the sweep tool.
import { VARIATIONS } from './cluster.js'
import type { SimOptions, Variations } from './cluster.js'

/** 3 and 5 voters, and a one-voter bootstrap that has to grow; membership changes in two thirds; a few without pre-vote or check-quorum. The variations are drawn by the cluster from the seed. */
export function options (seed: number): SimOptions {
  const voters = [3, 5, 3, 5, 1][seed % 5]
  const preVote = seed % 7 !== 3
  const checkQuorum = seed % 11 !== 5
  return {
    seed,
    voters,
    membership: voters === 1 || seed % 3 !== 0,
    chaosTicks: 300,
    // Without either, a removed voter that never learnt of its removal keeps
    // deposing leaders with higher terms (dissertation §4.2.3): slow, not stuck.
    livenessTicks: preVote || checkQuorum ? 400 : 1000,
    preVote,
    checkQuorum
  }
}

/** 'none', or one variation's name: every seed runs with that variation alone instead of its own draws. */
export function forcedVariations (spec: string | undefined): Partial<Variations> | undefined {
  if (spec === undefined || spec === '') return undefined
  if (spec !== 'none' && !VARIATIONS.includes(spec as keyof Variations)) throw new Error(`no variation ${spec}; there are none, ${VARIATIONS.join(', ')}`)
  return Object.fromEntries(VARIATIONS.map(v => [v, v === spec])) as Partial<Variations>
}
