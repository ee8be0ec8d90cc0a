// Garbage-collector tuning of the server process. Between full collections V8 lets the old generation grow to up to
// four times what survived the last one; under a steady stream of evaluations (each allocates ~100 KB that dies young,
// but in-flight answers and pending inserts get promoted) that made the RSS of an NDJSON batch 250-420 MB for a live
// heap of ~32 MB. Growing by at most 2x keeps it near 180 MB on PostgreSQL for about the same throughput (see the
// README's benchmarks). Not a limit: the heap still grows as far as a large request needs.
import { setFlagsFromString } from 'node:v8'

const HEAP_GROWING_PERCENT = 100

/** Applies the tuning unless the operator chose a growing factor on the command line (NODE_OPTIONS cannot carry it). */
export function tuneHeap (argv: readonly string[] = process.execArgv): boolean {
  if (argv.some(flag => /^--heap[-_]growing[-_]percent/.test(flag))) return false
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`)
  return true
}
