// The service's batch answers checked before anything is shown: each result an evaluation or a problem, exactly one per meeting, in input order.
import { VERDICTS, type Result, type Verdict } from './format.js'

/** The answer is not what the service sends (a proxy's page, another service, a bug): exit code 2, never a passed gate. */
export class BadAnswer extends Error {}

type Fields = Record<string, unknown>
const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value)

const findingsOk = (criteria: unknown): boolean => Array.isArray(criteria) && criteria.every(c =>
  isObject(c) && Array.isArray(c.findings) && c.findings.every(f => isObject(f) && typeof f.code === 'string'))

/** What is wrong with one result, or undefined. */
function flaw (value: unknown): string | undefined {
  if (!isObject(value)) return 'is not an object'
  if (!Number.isSafeInteger(value.index) || (value.index as number) < 0) return 'has no index'
  if (value.verdict === undefined) {
    if (typeof value.status !== 'number') return 'is neither an evaluation (verdict) nor a problem (status)'
    return value.detail === undefined || typeof value.detail === 'string' ? undefined : 'has a detail that is not text'
  }
  if (!VERDICTS.includes(value.verdict as Verdict)) return 'has an unknown verdict'
  if (typeof value.score !== 'number' || !Number.isFinite(value.score)) return 'has no score'
  return value.criteria === undefined || findingsOk(value.criteria) ? undefined : 'has criteria without findings'
}

/** The result at `position` of the answer, which must be the one for meeting `position`. */
export function resultAt (value: unknown, position: number): Result {
  const wrong = flaw(value)
  if (wrong !== undefined) throw new BadAnswer(`the answer is not a batch answer: result ${position + 1} ${wrong}`)
  const result = value as unknown as Result
  if (result.index !== position) throw new BadAnswer(`the answer has a result for meeting ${result.index} where the one for meeting ${position} was due`)
  return result
}

/** A JSON batch answer, `{ "results": [...] }` with one result for each of `count` meetings (undefined: not known here, at least one). */
export function batchResults (value: unknown, count: number | undefined): Result[] {
  const results = isObject(value) ? value.results : undefined
  if (!Array.isArray(results)) throw new BadAnswer('the answer is not a batch answer: it has no "results" list')
  const checked = results.map(resultAt)
  const expected = count ?? Math.max(checked.length, 1)
  if (checked.length !== expected) {
    throw new BadAnswer(`the answer holds ${checked.length} result${checked.length === 1 ? '' : 's'} for ${expected} meeting${expected === 1 ? '' : 's'}`)
  }
  return checked
}
