import { createSupervisor, signIn, signUp } from '../../models/accounts.ts'
import type { ServiceItem } from '../../models/catalogue.ts'
import type { Actor } from '../../models/context.ts'
import type { DatabaseHandle } from '../../models/db/client.ts'
import { findSessionActor } from '../../models/sessions.ts'
import type { NewServiceItemInput, ServiceItemFields } from '../../models/validation/catalogue.ts'
import { loadCatalogue } from '../../seed/catalogue.ts'
import { buildSignUp, fakePassword, fakePhone } from '../../seed/factories.ts'
import { afterAll, beforeAll } from 'vitest'
import { createTestDatabase, ctxFor } from '../setup/test-database.ts'

export interface CatalogueWorld {
  handle: DatabaseHandle
  supervisor: Actor
  agency: Actor
  department: Actor
}

/** A database with the seed catalogue, a supervisor, an agency and a department, for one file. */
export function setUpCatalogue(): CatalogueWorld {
  const world = {} as CatalogueWorld
  const signedIn = async (login: string, password: string) => {
    const { session } = await signIn(ctxFor(world.handle), { login, password })
    return (await findSessionActor(world.handle.db, session.id))!
  }
  const signedUpActor = async (kind: 'agency' | 'department') => {
    const input = buildSignUp({ kind })
    await signUp(ctxFor(world.handle), input)
    return signedIn(input.phone, input.password)
  }
  beforeAll(async () => {
    world.handle = await createTestDatabase()
    await loadCatalogue(world.handle.db)
    const password = fakePassword()
    const phone = fakePhone()
    await createSupervisor(world.handle.db, { name: '王监管', phone, password }, null)
    world.supervisor = await signedIn(phone, password)
    world.agency = await signedUpActor('agency')
    world.department = await signedUpActor('department')
  })
  afterAll(() => world.handle?.close())
  return world
}

let nextCode = 900
export function newItem(overrides: Partial<NewServiceItemInput> = {}): NewServiceItemInput {
  const code = `SI-${nextCode++}`
  return {
    code,
    // Each its own name: SI-009 is already 地质灾害危险性评估, and names are unique in use.
    name: `地质灾害危险性专项评估（${code}）`,
    category: '自然资源',
    department: '自然资源和规划局',
    servesApproval: '建设用地预审',
    legalBasis: '《地质灾害防治条例》',
    feeType: '市场调节价',
    feeStandard: '按评估面积计费',
    timeLimitWorkdays: 30,
    conditions: '提供项目选址资料',
    workflow: '受理、现场调查、编制报告、提交成果',
    qualification: null,
    aliases: '地灾评估、地灾危评',
    ...overrides,
  }
}

/** An item's current fields, as an edit form would send them back. */
export const fieldsOf = (item: ServiceItem) => ({
  ...item,
  feeType: item.feeType as ServiceItemFields['feeType'],
})

// The registry's helper: the field errors of a refused change.
export { fieldErrorsOf } from './registry-fixture.ts'
