// `<peer home>/console.json`: where a running peer's console listens, for `shoal up` and `shoal web`.
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface ConsoleFile { url: string }

const path = (peerHome: string): string => join(peerHome, 'console.json')

export async function writeConsoleFile (peerHome: string, file: ConsoleFile): Promise<void> {
  await writeFile(path(peerHome), JSON.stringify(file) + '\n')
}

export async function readConsoleFile (peerHome: string): Promise<ConsoleFile | undefined> {
  try {
    return JSON.parse(await readFile(path(peerHome), 'utf8')) as ConsoleFile
  } catch {
    return undefined
  }
}

export async function removeConsoleFile (peerHome: string): Promise<void> {
  await rm(path(peerHome), { force: true })
}
