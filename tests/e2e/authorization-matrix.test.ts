import { readFileSync } from 'node:fs'
import path from 'node:path'
import { UNSAFE_flatRoutes } from '@remix-run/dev'
import { beforeAll, describe, expect, it } from 'vitest'
import { baseUrl, e2eEnabled, supervisor } from './browser.ts'
import { type Outcome, type PostCheck, type RoleOutcomes, routePolicies } from './route-policies.ts'
import { securityHeaderProblems } from './security-headers.ts'
import { buildWorld, type Role, roles, type World } from './security-world.ts'

const appDirectory = path.resolve(import.meta.dirname, '../../app')

/** The route manifest, made by the same flat-routes convention app/routes.ts uses. */
function routeManifest() {
  const manifest = UNSAFE_flatRoutes(appDirectory, [], 'routes')
  return Object.values(manifest).map((route) => {
    const source = readFileSync(path.join(appDirectory, route.file), 'utf8')
    return {
      id: route.id,
      file: route.file,
      hasAction: /export\s+(async\s+)?function\s+action\b|export\s+const\s+action\b/.test(source),
    }
  })
}

function outcomeOf(response: Response): Outcome | string {
  const location = response.headers.get('location')
  if (response.status >= 300 && response.status < 400 && location)
    return location.startsWith('/signin') ? 'signin' : { redirect: location.split('?')[0]! }
  const names: Record<number, Outcome> = {
    200: 'ok',
    403: 'forbidden',
    404: 'notFound',
    405: 'methodNotAllowed',
  }
  return names[response.status] ?? `status ${response.status}`
}

const show = (o: Outcome | string) => (typeof o === 'string' ? o : `redirect to ${o.redirect}`)

/** Runs the tasks a few at a time: fast, without burying a 2-core server. */
async function inParallel<T>(tasks: (() => Promise<T>)[], width = 4): Promise<T[]> {
  const results: T[] = []
  let next = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const index = next++
        results[index] = await tasks[index]!()
      }
    }),
  )
  return results
}

describe.skipIf(!e2eEnabled)('authorization matrix: every route × every role', () => {
  const manifest = routeManifest()
  let world: World

  beforeAll(async () => {
    world = await buildWorld(baseUrl!, supervisor!)
  })

  it('has a declared policy for every route, and for every route with an action a POST rule', () => {
    const problems: string[] = []
    for (const route of manifest) {
      const policy = routePolicies[route.id]
      if (!policy) {
        problems.push(
          `${route.id} (app/${route.file}) has no policy in tests/e2e/route-policies.ts`,
        )
        continue
      }
      if (route.hasAction && !policy.post)
        problems.push(`${route.id} has an action but its policy says nothing about POST`)
      if (!route.hasAction && policy.post?.length)
        problems.push(`${route.id} has no action but its policy declares POST checks`)
    }
    const known = new Set(manifest.map((r) => r.id))
    for (const id of Object.keys(routePolicies))
      if (!known.has(id)) problems.push(`policy for ${id}, which is no longer a route`)
    expect(problems, problems.join('\n')).toEqual([])
  })

  it('answers every GET as declared, with the security headers and no one else’s secrets', async () => {
    const probes = (url: string, outcomes: RoleOutcomes) =>
      roles.map((role) => async () => {
        const response = await world.clients[role].get(url)
        const body = await response.text()
        const problems: string[] = []
        const got = outcomeOf(response)
        const expected = outcomes[role]
        if (JSON.stringify(got) !== JSON.stringify(expected))
          problems.push(`expected ${show(expected)}, got ${show(got)}`)
        problems.push(...securityHeaderProblems(response))
        for (const secret of world.secrets)
          if (!secret.readers.includes(role) && body.includes(secret.text))
            problems.push(`shows ${secret.what}`)
        return problems.map((p) => `GET ${url} as ${role}: ${p}`)
      })
    const tasks = manifest.flatMap((route) => {
      const policy = routePolicies[route.id]
      if (!policy) return []
      const samples = [{ path: policy.path, get: policy.get }, ...(policy.variants ?? [])]
      return samples.flatMap((sample) => probes(sample.path(world.ids), sample.get))
    })
    const problems = (await inParallel(tasks)).flat()
    expect(problems, problems.join('\n')).toEqual([])
  })

  it('refuses every POST to those the table does not admit, and admits the others', async () => {
    const checks = manifest.flatMap((route) =>
      (routePolicies[route.id]?.post ?? []).map((check) => ({ route: route.id, check })),
    )
    const attempt = async (
      route: string,
      check: PostCheck,
      role: Role,
      admitted: boolean,
    ): Promise<string[]> => {
      const policy = routePolicies[route]!
      const url = (check.path ?? policy.path)(world.ids)
      const fields = (admitted ? (check.admittedFields ?? check.fields) : check.fields)(world.ids)
      const response = await world.clients[role].post(url, fields)
      const body = await response.text()
      const got = outcomeOf(response)
      const problems = securityHeaderProblems(response)
      if (admitted && check.admittedStatus) {
        if (response.status !== check.admittedStatus)
          problems.push(`expected status ${check.admittedStatus}, got ${response.status}`)
      } else if (response.status >= 500) problems.push(`server error ${response.status}`)
      else if (admitted && (got === 'forbidden' || got === 'signin'))
        problems.push(`admitted by the table but refused (${show(got)})`)
      else if (!admitted) {
        const refused =
          role === 'public'
            ? got === 'signin' || got === 'forbidden'
            : got === 'forbidden' || got === 'notFound' || (!!check.silentRefusal && got !== 'ok')
        if (!refused)
          problems.push(
            `should be refused but got ${show(got)}: ${body.replace(/<[^>]+>/g, ' ').slice(0, 200)}`,
          )
      }
      return problems.map((p) => `POST ${url} (${check.what}) as ${role}: ${p}`)
    }
    // The refusals first, while everything they try to touch is still as it was made.
    const refusals = checks.flatMap(({ route, check }) =>
      roles
        .filter((role) => !check.admitted.includes(role))
        .map((role) => () => attempt(route, check, role, false)),
    )
    const admissions = checks.flatMap(({ route, check }) =>
      check.admitted.map((role) => () => attempt(route, check, role, true)),
    )
    const problems = (await inParallel(refusals)).flat()
    for (const { route, check } of checks)
      if (check.silentRefusal && !(await check.silentRefusal.unchanged(world)))
        problems.push(`${route} (${check.what}): a refused POST changed it`)
    // One at a time: admitted changes to one agency may not run side by side (see security-world).
    problems.push(...(await inParallel(admissions, 1)).flat())
    expect(problems, problems.join('\n')).toEqual([])
  })
})
