// OpenAPI 3.1 document generated from the route schemas, served at /openapi.json with a reference UI at /docs.
import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import { headerObject, RESPONSE_HEADERS } from '../schemas/headers.js'

export const OPENAPI_INFO = {
  title: 'meeting-evaluator',
  version: '0.1.0',
  description: 'Tells teams whether a proposed meeting should happen at all: scores a draft invite against explicit ' +
    'criteria, explains every point taken off, suggests the async alternative that fits with a reply-by time fair to every ' +
    'time zone, finds slots inside everyone\'s working hours and stores timeboxed agendas. Errors are RFC 9457 problem+json ' +
    '(GET /problems lists their types). Besides the answers each operation lists, a method a path does not answer is a ' +
    '405 /problems/method-not-allowed with an Allow header naming the methods the path answers (RFC 9110 15.5.6; HEAD ' +
    'wherever GET), e.g. DELETE /v1/policy gets Allow: GET, HEAD, PUT; a path no operation has is a 404.'
}

interface Operation { requestBody?: { required?: boolean }, responses?: Record<string, { headers?: Record<string, unknown> }> }

const SHARED_HEADERS = new Map(Object.entries(RESPONSE_HEADERS).map(([name, doc]) => [name, JSON.stringify(headerObject(doc))]))

/** A response's headers that are one of the shared ones, exactly, become references to components.headers. */
function referenceSharedHeaders (response: { headers?: Record<string, unknown> }): void {
  for (const [name, header] of Object.entries(response.headers ?? {})) {
    if (SHARED_HEADERS.get(name) === JSON.stringify(header)) response.headers![name] = { $ref: `#/components/headers/${name}` }
  }
}

async function openapi (app: FastifyInstance, opts: { ui: boolean }): Promise<void> {
  // @fastify/swagger marks every request body required; a route with `optionalBody` takes none as well.
  const optionalBodies = new Set<string>()
  app.addHook('onRoute', route => {
    if (route.config?.optionalBody !== true) return
    for (const method of [route.method].flat()) optionalBodies.add(`${method.toLowerCase()} ${route.url.replace(/:(\w+)/g, '{$1}')}`)
  })
  await app.register(swagger, {
    transformObject: document => {
      if (!('openapiObject' in document)) return document.swaggerObject
      const openapiObject = document.openapiObject
      for (const [path, item] of Object.entries(openapiObject.paths ?? {})) {
        for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
          if (optionalBodies.has(`${method} ${path}`) && operation.requestBody !== undefined) operation.requestBody.required = false
          for (const response of Object.values(operation.responses ?? {})) referenceSharedHeaders(response)
        }
      }
      return openapiObject
    },
    openapi: {
      openapi: '3.1.0',
      info: OPENAPI_INFO,
      servers: [{ url: '/', description: 'This service' }],
      tags: [
        { name: 'evaluations', description: 'Score proposed meetings' },
        { name: 'overlap', description: 'Working-hour overlap and fair slots' },
        { name: 'agendas', description: 'Timeboxed agendas' },
        { name: 'people', description: 'People directory' },
        { name: 'policy', description: 'Organisation policy' },
        { name: 'analytics', description: 'Evaluation history analytics' },
        { name: 'admin', description: 'Provisioning with the admin key' },
        { name: 'operations', description: 'Health and readiness' },
        { name: 'problems', description: 'What each problem type means' }
      ],
      components: {
        headers: Object.fromEntries(Object.entries(RESPONSE_HEADERS).map(([name, doc]) => [name, headerObject(doc)])),
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'Organisation API key: mev_ followed by 40 base62 characters.' },
          adminKey: { type: 'http', scheme: 'bearer', description: 'The ADMIN_API_KEY of the deployment.' }
        }
      },
      security: [{ bearerAuth: [] }]
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => typeof json.$id === 'string' ? json.$id : `def-${i}` }
  })
  app.get('/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger())
  if (opts.ui) {
    // The reference UI is public like the document it shows: a browser sends no API key.
    await app.register(async docs => {
      docs.addHook('onRoute', route => { route.config = { ...route.config, auth: 'public' } })
      await docs.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, uiConfig: { url: '/openapi.json' } as Record<string, unknown> })
    })
  }
}

export default fp(openapi, { name: 'openapi' })
