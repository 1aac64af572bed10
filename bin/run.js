#!/usr/bin/env node
// Every command and every peer loads ~150 ESM packages; Node's on-disk compile
// cache roughly halves that start-up after the first run.
import { enableCompileCache } from 'node:module'
enableCompileCache()

const { execute } = await import('@oclif/core')
await execute({ dir: import.meta.url })
