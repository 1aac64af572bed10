// The console's browser code, compiled from src/web/ui by tsconfig.ui.json,
// read once at start and served from memory: nothing comes from elsewhere.
import { readdir, readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'

const UI_DIR = fileURLToPath(new URL('./ui/', import.meta.url))
const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' }

export interface Asset { body: string, type: string }

export async function loadAssets (): Promise<Map<string, Asset>> {
  const assets = new Map<string, Asset>()
  for (const name of await readdir(UI_DIR)) {
    const type = TYPES[extname(name)]
    if (type !== undefined) assets.set(name, { body: await readFile(UI_DIR + name, 'utf8'), type })
  }
  return assets
}
