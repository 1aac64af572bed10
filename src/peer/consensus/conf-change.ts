// Single-server membership changes: their stable encoding in a log entry and
// what one does to a configuration.
import type { ConfChange, ConfState } from './types.js'

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })
const TYPES = new Set<string>(['addVoter', 'addLearner', 'remove'])

/** JSON in UTF-8, `{"type":...,"node":...}`: stable across versions and readable in a log dump. */
export function encodeConfChange (cc: ConfChange): Uint8Array {
  return encoder.encode(JSON.stringify({ type: cc.type, node: cc.node }))
}

/** Throws a TypeError when `data` is not an encoded ConfChange. */
export function decodeConfChange (data: Uint8Array): ConfChange {
  let value: unknown
  try {
    value = JSON.parse(decoder.decode(data))
  } catch {
    throw new TypeError('not an encoded ConfChange')
  }
  if (typeof value === 'object' && value !== null && 'type' in value && 'node' in value &&
    typeof value.type === 'string' && TYPES.has(value.type) && typeof value.node === 'string' && value.node !== '') {
    return { type: value.type as ConfChange['type'], node: value.node }
  }
  throw new TypeError('not an encoded ConfChange')
}

/** The configuration after `cc`. Adding a voter promotes a learner; adding a learner demotes a voter. */
export function applyConfChange (conf: ConfState, cc: ConfChange): ConfState {
  const isVoter = conf.voters.includes(cc.node)
  const isLearner = conf.learners.includes(cc.node)
  let { voters, learners } = conf
  if (cc.type !== 'addVoter' && isVoter) voters = voters.filter(n => n !== cc.node)
  if (cc.type !== 'addLearner' && isLearner) learners = learners.filter(n => n !== cc.node)
  if (cc.type === 'addVoter' && !isVoter) voters = [...voters, cc.node]
  if (cc.type === 'addLearner' && !isLearner) learners = [...learners, cc.node]
  return { voters, learners }
}

export function copyConf (conf: ConfState): ConfState {
  return { voters: [...conf.voters], learners: [...conf.learners] }
}
