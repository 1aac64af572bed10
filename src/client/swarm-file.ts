// `<home>/swarm.json`: what `shoal up` leaves for every later command to find
// the local swarm: the swarm key's path and each peer's id, pid, addrs, home.
import { readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { UserError } from './errors.js'

export interface SwarmFilePeer {
  id: string
  pid: number
  addrs: string[]
  home: string
}

export interface SwarmFile {
  swarmKey: string
  peers: SwarmFilePeer[]
}

export const swarmFilePath = (home: string): string => join(home, 'swarm.json')

export async function readSwarmFile (home: string): Promise<SwarmFile | undefined> {
  let text: string
  try {
    text = await readFile(swarmFilePath(home), 'utf8')
  } catch (err: any) {
    if (err.code === 'ENOENT') return undefined
    throw err
  }
  try {
    const parsed = JSON.parse(text) as SwarmFile
    if (typeof parsed.swarmKey !== 'string' || !Array.isArray(parsed.peers)) throw new Error('missing swarmKey or peers')
    return parsed
  } catch (err: any) {
    throw new UserError(`${swarmFilePath(home)} is damaged (${err.message}); run \`shoal up\` again`)
  }
}

export async function writeSwarmFile (home: string, file: SwarmFile): Promise<void> {
  const path = swarmFilePath(home)
  await writeFile(`${path}.tmp`, JSON.stringify(file, null, 2) + '\n')
  await rename(`${path}.tmp`, path)
}
