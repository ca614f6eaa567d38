import type { Faker } from '@faker-js/faker'
import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm'
import { submitBid, withdrawBid } from '../models/bids.ts'
import { answerQuestion, askQuestion, publishClarification } from '../models/clarifications.ts'
import type { Actor, Ctx } from '../models/context.ts'
import type { Database } from '../models/db/client.ts'
import { bids, projects } from '../models/db/schema-procedures.ts'
import { organisations } from '../models/db/schema.ts'
import { ruleObjection } from '../models/objection-rulings.ts'
import { answerObjection, escalateObjection, fileObjection } from '../models/objections.ts'
import {
  decideExplanation,
  enterQualityScores,
  explainLowPrice,
  respondToInvitation,
} from '../models/project-evaluation.ts'
import { cancelProject, republishProject } from '../models/project-endings.ts'
import { publishProject, saveProjectDraft } from '../models/projects.ts'
import { priceFromDiscount } from '../models/rules/bid-price.ts'
import { fenToYuanText } from '../models/rules/money.ts'
import {
  bidFormSchema,
  type ProjectForm,
  projectFormSchema,
  toShanghaiDateTimeInput,
} from '../models/validation/projects.ts'
import type { StoryClock } from './project-clock.ts'
import type { Bidder } from './project-pricing.ts'
import { bidProposal } from './project-texts.ts'
import type { SeedAgency, SeedBuyer, SeedItem } from './project-world.ts'

export interface RunEnv {
  db: Database
  story: StoryClock
  f: Faker
  /** Every agency that may act, by id: whoever turns out to have lost may object. */
  agencies: Map<string, SeedAgency>
  supervisor: Actor
}

/** What a buyer types into the project form, before parsing. */
export interface ProjectDraft {
  item: SeedItem
  title: string
  scope: string
  regionCode: string
  location: string
  capFen: number
  funding: 'budget' | 'own'
  method: ProjectForm['method']
  deadline: Date
  publicityWorkdays: number
  weights?: [price: number, quality: number, credit: number]
  abnormalLowPercent: number
  directAgencyId?: string
}

/** The form as the browser would post it, parsed by the same schema. */
export function projectForm(draft: ProjectDraft): ProjectForm {
  const [price, quality, credit] = draft.weights ?? []
  return projectFormSchema.parse({
    serviceItemCode: draft.item.code,
    title: draft.title,
    scope: draft.scope,
    regionCode: draft.regionCode,
    location: draft.location,
    budgetCap: fenToYuanText(draft.capFen),
    funding: draft.funding,
    method: draft.method,
    deadline: toShanghaiDateTimeInput(draft.deadline),
    publicityWorkdays: String(draft.publicityWorkdays),
    weightPrice: price == null ? '' : String(price),
    weightQuality: quality == null ? '' : String(quality),
    weightCredit: credit == null ? '' : String(credit),
    abnormalLowPercent: String(draft.abnormalLowPercent),
    directAgencyId: draft.directAgencyId,
  })
}

/**
 * One project's story: each method schedules a step on the story clock that calls the
 * model operation as the buyer, an agency or a supervisor would, with the project's id
 * once the draft step has made it.
 */
export class ProjectRun {
  id: string | null = null
  readonly form: ProjectForm
  private submissions = 0
  private questionId: string | null = null
  private objection: { id: string; by: SeedAgency } | null = null

  constructor(
    private readonly env: RunEnv,
    readonly buyer: SeedBuyer,
    readonly draft: ProjectDraft,
    /** Names the project in keys and error messages: 'p12', 'p12b' for its re-published copy. */
    readonly label: string,
  ) {
    this.form = projectForm(draft)
  }

  ctx(actor: Actor): Ctx {
    return { db: this.env.db, actor }
  }

  projectId(): string {
    if (!this.id) throw new Error(`seed: ${this.label} has no draft yet`)
    return this.id
  }

  /** `movesDue`: whether the step may bring a deadline, due time or publicity end nearer. */
  step(at: Date, what: string, run: () => Promise<unknown>, movesDue = true) {
    this.env.story.schedule(
      at,
      `${this.label}「${this.draft.title}」${what}`,
      async () => {
        await run()
      },
      movesDue,
    )
  }

  saveDraft(at: Date) {
    this.step(
      at,
      'draft',
      async () => {
        this.id = await saveProjectDraft(this.ctx(this.buyer.actor), this.form)
      },
      false,
    )
  }

  editDraft(at: Date) {
    this.step(
      at,
      'edit draft',
      () => saveProjectDraft(this.ctx(this.buyer.actor), this.form, this.projectId()),
      false,
    )
  }

  /** A copy of a failed or cancelled project, given a new deadline and title before publishing. */
  republishFrom(at: Date, source: ProjectRun) {
    this.step(at, 'republish', async () => {
      const ctx = this.ctx(this.buyer.actor)
      this.id = await republishProject(ctx, source.projectId())
      await saveProjectDraft(ctx, this.form, this.id)
    })
  }

  publish(at: Date) {
    this.step(at, 'publish', () => publishProject(this.ctx(this.buyer.actor), this.projectId()))
  }

  cancel(at: Date, reason: string) {
    this.step(at, 'cancel', () =>
      cancelProject(this.ctx(this.buyer.actor), this.projectId(), reason),
    )
  }

  /** A bid (or draw sign-up); some quote a discount on the cap (下浮率) instead of an amount. */
  bid(at: Date, bidder: Bidder, asDiscount = false) {
    const { offer } = bidder
    const f = this.env.f
    const days = Math.min(offer.timeLimitDays, this.draft.item.timeLimitWorkdays)
    const committed = f.number.int({ min: Math.max(1, Math.ceil(days * 0.6)), max: days })
    const key = `seed-${this.label}-${++this.submissions}`
    const proposal = bidProposal(f, committed)
    const cap = this.draft.capFen
    const basisPoints = Math.ceil(((cap - bidder.priceFen) * 10_000) / cap)
    // The discount gives a price at or just under the amount; use it only if still in range.
    const discounted = priceFromDiscount(cap, basisPoints)
    const byDiscount =
      asDiscount && basisPoints > 0 && basisPoints < 10_000 && discounted >= offer.feeMinFen
    const form = bidFormSchema.parse({
      priceMode: byDiscount ? 'discount' : 'amount',
      price: byDiscount ? undefined : fenToYuanText(bidder.priceFen),
      discountPercent: byDiscount
        ? `${Math.floor(basisPoints / 100)}.${String(basisPoints % 100).padStart(2, '0')}`
        : undefined,
      timeLimitDays: String(committed),
      proposal,
      submissionKey: key,
    })
    this.step(
      at,
      `bid by ${offer.agency.name}`,
      async () => {
        // The story was scripted before anyone was blacklisted: a barred agency sits it out.
        if (await barredNow(this.env.db, offer.agency.actor.organisationId!)) return
        await submitBid(this.ctx(offer.agency.actor), this.projectId(), form)
      },
      false,
    )
  }

  withdraw(at: Date, bidder: Bidder) {
    this.step(
      at,
      `withdrawal by ${bidder.offer.agency.name}`,
      () => withdrawBid(this.ctx(bidder.offer.agency.actor), this.projectId()),
      false,
    )
  }

  /** The buyer's panel scores every valid bid, in the order the bids were made. */
  scores(at: Date) {
    const draws = Array.from({ length: 20 }, () => this.env.f.number.int({ min: 60, max: 95 }))
    this.step(at, 'quality scores', async () => {
      const valid = await this.env.db
        .select({ id: bids.id })
        .from(bids)
        .where(
          and(eq(bids.projectId, this.projectId()), isNull(bids.withdrawnAt), eq(bids.valid, true)),
        )
        .orderBy(asc(bids.submittedAt))
      const scores = Object.fromEntries(valid.map((b, i) => [b.id, draws[i % draws.length]!]))
      await enterQualityScores(this.ctx(this.buyer.actor), this.projectId(), scores)
    })
  }

  explain(at: Date, bidder: Bidder, text: string) {
    this.step(
      at,
      'explanation',
      () => explainLowPrice(this.ctx(bidder.offer.agency.actor), this.projectId(), text),
      false,
    )
  }

  decide(at: Date, decision: 'accepted' | 'rejected', reason: string) {
    this.step(at, `explanation ${decision}`, () =>
      decideExplanation(this.ctx(this.buyer.actor), this.projectId(), { decision, reason }),
    )
  }

  respond(at: Date, invitee: Bidder, answer: { accept: true } | { accept: false; reason: string }) {
    this.step(at, answer.accept ? 'invitation accepted' : 'invitation declined', async () => {
      // Blacklisted since the story was scripted: the invitation goes unanswered and lapses.
      if (await barredNow(this.env.db, invitee.offer.agency.actor.organisationId!)) return
      await respondToInvitation(
        this.ctx(invitee.offer.agency.actor),
        this.projectId(),
        answer.accept ? { accept: true, priceFen: invitee.priceFen } : answer,
      )
    })
  }

  /** 答疑: an agency asks; the buyer may answer later. */
  ask(at: Date, agency: SeedAgency, question: string) {
    this.step(
      at,
      `question by ${agency.name}`,
      async () => {
        this.questionId = await askQuestion(this.ctx(agency.actor), this.projectId(), question)
      },
      false,
    )
  }

  /** Answers the last question; a scope change only when the deadline stays (see the caller). */
  answer(at: Date, answer: string, changesScope = false) {
    this.step(at, 'answer', () =>
      answerQuestion(this.ctx(this.buyer.actor), this.projectId(), this.questionId!, {
        answer,
        changesScope,
      }),
    )
  }

  supplement(at: Date, text: string) {
    this.step(at, 'supplement', () =>
      publishClarification(this.ctx(this.buyer.actor), this.projectId(), {
        answer: text,
        changesScope: false,
      }),
    )
  }

  /** The best-ranked agency that did not win objects to the award. */
  object(at: Date, grounds: string) {
    this.step(at, 'objection', async () => {
      const [project] = await this.env.db
        .select({ winner: projects.winnerAgencyId })
        .from(projects)
        .where(eq(projects.id, this.projectId()))
      const [loser] = await this.env.db
        .select({ agencyId: bids.agencyId })
        .from(bids)
        .where(
          and(
            eq(bids.projectId, this.projectId()),
            isNull(bids.withdrawnAt),
            ne(bids.agencyId, project!.winner!),
          ),
        )
        .orderBy(asc(bids.rank), asc(bids.submittedAt))
        .limit(1)
      const by = this.env.agencies.get(loser!.agencyId)!
      const row = await fileObjection(this.ctx(by.actor), this.projectId(), { grounds })
      this.objection = { id: row.id, by }
    })
  }

  answerObjection(at: Date, answer: string) {
    this.step(at, 'objection answered', () =>
      answerObjection(this.ctx(this.buyer.actor), this.objection!.id, { answer }),
    )
  }

  escalate(at: Date, reason: string) {
    this.step(at, 'objection escalated', () =>
      escalateObjection(this.ctx(this.objection!.by.actor), this.objection!.id, { reason }),
    )
  }

  /** A supervisor's ruling; upheld finds the winning bid invalid and evaluates again. */
  rule(at: Date, ruling: 'upheld' | 'dismissed', reason: string) {
    this.step(at, `objection ${ruling}`, async () => {
      const winning =
        ruling === 'upheld'
          ? await this.env.db
              .select({ id: bids.id })
              .from(bids)
              .where(and(eq(bids.projectId, this.projectId()), eq(bids.rank, 1)))
          : []
      await ruleObjection({ db: this.env.db, actor: this.env.supervisor }, this.objection!.id, {
        ruling,
        remedy: ruling === 'upheld' ? 're_evaluate' : undefined,
        invalidBidIds: winning.map((b) => b.id),
        reason,
      })
    })
  }

  /** The procedure clock's pass at `at`, for what no deadline announces (a lapsed objection). */
  tick(at: Date) {
    this.step(at, 'procedure clock', () => this.env.story.tick())
  }
}

async function barredNow(db: Database, organisationId: string): Promise<boolean> {
  const [row] = await db
    .select({
      barred: sql<boolean>`(${organisations.blacklistedUntil} > platform_now() or ${organisations.exitedAt} is not null)`,
    })
    .from(organisations)
    .where(eq(organisations.id, organisationId))
  return row?.barred === true
}
