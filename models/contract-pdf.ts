import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import PDFDocument from 'pdfkit'
import type { ContractDocument } from './contract-document.ts'
import { chineseOrdinal, contractSections } from './rules/contract-clauses.ts'

/**
 * The contract as an A4 PDF, laid out from the same printed text as the print page. Server
 * only: it reads the Noto Sans SC fonts, which pdfkit subsets to the characters used.
 */

type Pdf = PDFKit.PDFDocument

const MM = 72 / 25.4
const MARGIN = 20 * MM
const PAD = 4
const BODY = 10.5
const BORDER = '#8c959f'
const MUTED = '#57606a'

const require = createRequire(import.meta.url)

let fonts: { regular: Buffer; bold: Buffer } | undefined

/**
 * Each font file is about 10 MB: read once per process. Resolved through Node's module
 * lookup from this file, which works from the sources, the tests and the server build alike.
 */
function loadFonts() {
  const file = (weight: string) =>
    readFileSync(
      require.resolve(`@expo-google-fonts/noto-sans-sc/${weight}/NotoSansSC_${weight}.ttf`),
    )
  fonts ??= { regular: file('400Regular'), bold: file('700Bold') }
  return fonts
}

export interface ContractPdfOptions {
  /** The contract's address on the platform, printed in every page's footer. */
  url: string
}

export function renderContractPdf(doc: ContractDocument, options: ContractPdfOptions) {
  const { regular, bold } = loadFonts()
  const pdf = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: `服务合同 ${doc.number}`,
      Subject: doc.title,
      Author: '中介超市',
      CreationDate: doc.printedAt,
    },
  })
  pdf.registerFont('regular', regular)
  pdf.registerFont('bold', bold)
  const done = collect(pdf)
  writeContract(pdf, doc)
  writeFooters(pdf, doc, options.url)
  pdf.end()
  return done
}

function collect(pdf: Pdf): Promise<Buffer> {
  const chunks: Buffer[] = []
  return new Promise((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk))
    pdf.on('end', () => resolve(Buffer.concat(chunks)))
    pdf.on('error', reject)
  })
}

const contentWidth = (pdf: Pdf) => pdf.page.width - pdf.page.margins.left - pdf.page.margins.right
const pageBottom = (pdf: Pdf) => pdf.page.height - pdf.page.margins.bottom

/** Starts a new page unless `height` still fits on this one. */
function keepTogether(pdf: Pdf, height: number) {
  if (pdf.y + height > pageBottom(pdf)) pdf.addPage()
}

function heading(pdf: Pdf, text: string, keepWith = 40) {
  keepTogether(pdf, 30 + keepWith)
  pdf.moveDown(0.6)
  pdf.font('bold').fontSize(12).fillColor('black').text(text, MARGIN, pdf.y)
  pdf.moveDown(0.3)
}

function paragraph(pdf: Pdf, text: string, options: PDFKit.Mixins.TextOptions = {}) {
  pdf
    .font('regular')
    .fontSize(BODY)
    .fillColor('black')
    .text(text, MARGIN, pdf.y, { width: contentWidth(pdf), lineGap: 2, ...options })
}

interface Cell {
  text: string
  bold?: boolean
  shade?: boolean
}

/**
 * A titled, bordered table. A row that does not fit starts a new page, never split across
 * two, and the title stays with the first two rows.
 */
function table(pdf: Pdf, title: string, widths: number[], rows: Cell[][]) {
  const heightOf = (row: Cell[]) =>
    Math.max(
      ...row.map((cell, i) =>
        pdf
          .font(cell.bold ? 'bold' : 'regular')
          .fontSize(BODY)
          .heightOfString(cell.text, { width: widths[i]! - 2 * PAD, lineGap: 1 }),
      ),
    ) +
    2 * PAD
  heading(
    pdf,
    title,
    rows.slice(0, 2).reduce((sum, row) => sum + heightOf(row), 0),
  )
  for (const row of rows) {
    const height = heightOf(row)
    keepTogether(pdf, height)
    const y = pdf.y
    let x = MARGIN
    row.forEach((cell, i) => {
      const width = widths[i]!
      if (cell.shade) pdf.rect(x, y, width, height).fill('#f0f2f4')
      pdf.rect(x, y, width, height).lineWidth(0.6).stroke(BORDER)
      pdf
        .font(cell.bold ? 'bold' : 'regular')
        .fontSize(BODY)
        .fillColor('black')
        .text(cell.text, x + PAD, y + PAD, { width: width - 2 * PAD, lineGap: 1 })
      x += width
    })
    pdf.x = MARGIN
    pdf.y = y + height
  }
}

function writeContract(pdf: Pdf, doc: ContractDocument) {
  const width = contentWidth(pdf)
  const { text } = doc
  const sections = contractSections(text.milestoneRows.length > 0)
  pdf.font('bold').fontSize(22).text('服务合同', MARGIN, MARGIN, { width, align: 'center' })
  pdf.moveDown(0.2)
  pdf.font('regular').fontSize(BODY).fillColor(MUTED)
  pdf.text(`合同编号：${doc.number}`, { width, align: 'center' })
  if (text.statusNote) pdf.fillColor('#b42318').text(text.statusNote, { width, align: 'center' })
  pdf.moveDown(0.8)
  paragraph(pdf, doc.preamble, { indent: BODY * 2 })

  const label = width * 0.22
  table(
    pdf,
    sections.facts,
    [label, width - label],
    text.facts.map((f) => [{ text: f.label, bold: true, shade: true }, { text: f.value }]),
  )

  const side = (width - label) / 2
  table(
    pdf,
    sections.parties,
    [label, side, side],
    [
      [
        { text: '', shade: true },
        { text: '甲方（采购人）', bold: true, shade: true },
        { text: '乙方（中介服务机构）', bold: true, shade: true },
      ],
      ...text.partyRows.map((r) => [
        { text: r.label, bold: true, shade: true },
        { text: r.buyer },
        { text: r.agency },
      ]),
    ],
  )

  if (sections.milestones) {
    const narrow = width * 0.1
    const share = width * 0.15
    const amount = width * 0.25
    table(
      pdf,
      sections.milestones,
      [narrow, width - narrow - share - amount, share, amount],
      [
        ['序号', '节点名称', '比例', '金额'].map((t) => ({ text: t, bold: true, shade: true })),
        ...text.milestoneRows.map((m) =>
          [m.seq, m.name, m.share, m.amount].map((t) => ({ text: t })),
        ),
      ],
    )
  }

  heading(pdf, sections.clauses)
  doc.clauses.forEach((clause, i) => {
    keepTogether(pdf, 50)
    pdf.moveDown(0.3)
    pdf
      .font('bold')
      .fontSize(BODY)
      .text(`第${chineseOrdinal(i + 1)}条\u3000${clause.title}`, MARGIN, pdf.y)
    clause.paragraphs.forEach((p, n) => paragraph(pdf, `${n + 1}. ${p}`))
  })

  writeSignatures(pdf, doc)
}

const SIGNATURE_HEIGHT = 96

/** The two signature blocks side by side, always together on one page. */
function writeSignatures(pdf: Pdf, doc: ContractDocument) {
  pdf.moveDown(1.5)
  keepTogether(pdf, SIGNATURE_HEIGHT)
  const y = pdf.y
  const gap = 16
  const width = (contentWidth(pdf) - gap) / 2
  const blocks = [
    ['甲方（采购人）', doc.buyer.name, doc.text.signatures.buyer],
    ['乙方（中介服务机构）', doc.agency.name, doc.text.signatures.agency],
  ] as const
  blocks.forEach(([role, name, signature], i) => {
    const x = MARGIN + i * (width + gap)
    const inner = { width: width - 16, lineGap: 1 }
    pdf.rect(x, y, width, SIGNATURE_HEIGHT).lineWidth(0.8).stroke(BORDER)
    pdf.font('bold').fontSize(BODY).fillColor('black')
    pdf.text(role, x + 8, y + 8, inner)
    pdf.font('regular').text(name, inner)
    pdf.moveDown(0.4)
    pdf.fillColor(signature.signed ? '#1a7f37' : '#9a6700')
    pdf.font(signature.signed ? 'regular' : 'bold').text(signature.state, inner)
    if (signature.signer) pdf.font('regular').text(signature.signer, inner)
  })
  pdf.fillColor('black')
  pdf.x = MARGIN
  pdf.y = y + SIGNATURE_HEIGHT
}

/** Every page: the online-signing note, the contract's address and 第 n 页 共 m 页. */
function writeFooters(pdf: Pdf, doc: ContractDocument, url: string) {
  const { start, count } = pdf.bufferedPageRange()
  for (let i = start; i < start + count; i++) {
    pdf.switchToPage(i)
    const width = contentWidth(pdf)
    const bottom = pdf.page.margins.bottom
    // Writing inside the bottom margin would otherwise make pdfkit start a new page.
    pdf.page.margins.bottom = 0
    const y = pdf.page.height - bottom + 10
    pdf.font('regular').fontSize(8).fillColor(MUTED)
    pdf.text(`第 ${i - start + 1} 页 共 ${count} 页`, MARGIN, y, { width, align: 'right' })
    pdf.text(`${doc.text.signingNote}\n${url}`, MARGIN, y, { width: width - 80 })
    pdf.page.margins.bottom = bottom
  }
}
