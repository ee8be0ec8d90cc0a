// GET /problems and /problems/{type}: what each problem type means, so the `type` of every problem answer resolves.
import { STATUS_CODES } from 'node:http'
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { NotFound } from '../errors.js'
import { PROBLEM_TYPES, type ProblemTypeDoc } from '../problem-types.js'
import { problems } from '../schemas/common.js'

const ProblemType = Type.Object({
  type: Type.String({ description: 'The type URI problems of this kind carry.', examples: ['/problems/validation-error'] }),
  title: Type.String({ description: 'The title problems of this kind carry.', examples: ['Bad Request'] }),
  status: Type.Optional(Type.Integer({ description: 'Their HTTP status (absent for the generic type of any other status).', examples: [400] })),
  description: Type.String({ description: 'What the problem means and what to do about it.' })
}, { additionalProperties: false, description: 'A problem type.' })

const DESCRIBED = Object.entries(PROBLEM_TYPES as Record<string, ProblemTypeDoc>).map(([slug, doc]) => ({
  type: `/problems/${slug}`,
  title: doc.status === undefined ? 'Error' : STATUS_CODES[doc.status] ?? 'Error',
  ...(doc.status === undefined ? {} : { status: doc.status }),
  description: doc.description
}))
const BY_SLUG = new Map(DESCRIBED.map(d => [d.type.slice('/problems/'.length), d]))

export default async function problemTypeRoutes (fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['problems']

  app.get('/problems', {
    config: { auth: 'public' },
    schema: {
      tags,
      summary: 'List the problem types',
      description: 'Every problem type the service answers with. No key needed.',
      security: [],
      response: { 200: Type.Object({ items: Type.Array(ProblemType, { description: 'The problem types, by status.' }) }, { additionalProperties: false }), ...problems() }
    }
  }, async () => ({ items: DESCRIBED }))

  app.get('/problems/:type', {
    config: { auth: 'public' },
    schema: {
      tags,
      summary: 'Describe a problem type',
      description: 'The type of a problem answer is this path: what that kind of problem means and what to do about it. No key needed.',
      security: [],
      params: Type.Object({ type: Type.String({ pattern: '^[a-z-]+$', maxLength: 60, description: 'The last segment of the problem\'s type.', examples: ['validation-error'] }) }),
      response: { 200: ProblemType, ...problems(400, 404) }
    }
  }, async request => {
    const found = BY_SLUG.get(request.params.type)
    if (found === undefined) throw new NotFound(`Problem type /problems/${request.params.type}`)
    return found
  })
}
