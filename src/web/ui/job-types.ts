// A MapReduce job as the Jobs API answers it (the master's JobSummary).

export interface TaskCounts { total: number, pending: number, running: number, done: number }

export interface Job {
  id: string
  /** running | succeeded | failed | cancelled */
  status: string
  code: string
  inputs: string[]
  /** A DFS directory, or kv:PREFIX. */
  output: string
  maps?: TaskCounts
  reduces?: TaskCounts
  counters: Array<{ name: string, value: number }>
  /** Why the job failed. */
  error: string
  submitted: number
  finished: number
  parts: string[]
  /** The latest failed attempts (the list leaves them out). */
  failures: Array<{ task: string, type: string, attempt: number, worker: string, reason: string }>
  failedAttempts: number
}
