import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { getContractDocument } from '#models/contract-document.ts'
import { chineseOrdinal, contractSections } from '#models/rules/contract-clauses.ts'
import { throwModelError } from '../route-errors.server.ts'
import { getCtx } from '../session.server.ts'
import printStyles from '../styles/contract-print.css?url'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: printStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `服务合同 ${data.document.number} · 打印版` : '服务合同 · 打印版' },
]

/** /contracts/:id/print — the contract on A4, outside the contract pages' layout. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await getCtx(request)
  const document = await getContractDocument(ctx, params.id ?? '').catch(throwModelError)
  return { document, url: new URL(document.link, request.url).href }
}

/** Shown once scripts run; without them the reader is told how to print. */
function PrintButton() {
  const [scripted, setScripted] = useState(false)
  useEffect(() => setScripted(true), [])
  if (!scripted) return <span className="print-hint">按 Ctrl+P（Mac 为 ⌘+P）打印本页</span>
  return (
    <button type="button" className="button button--primary" onClick={() => window.print()}>
      打印
    </button>
  )
}

export default function ContractPrint() {
  const { document: doc, url } = useLoaderData<typeof loader>()
  const { text } = doc
  const sections = contractSections(text.milestoneRows.length > 0)
  const signatures = [
    {
      role: '甲方（采购人）',
      name: doc.buyer.name,
      signature: text.signatures.buyer,
    },
    {
      role: '乙方（中介服务机构）',
      name: doc.agency.name,
      signature: text.signatures.agency,
    },
  ]
  return (
    <article className="contract-sheet">
      {/* Drawn by CSS from data-note: decoration, its words stated again at the foot. */}
      <div className="contract-watermark" data-note={text.signingNote} aria-hidden="true" />
      <nav className="print-actions" aria-label="打印">
        <a href={doc.link}>← 返回合同</a>
        <PrintButton />
        <a href={`${doc.link}/pdf`} download>
          下载 PDF
        </a>
      </nav>

      <header className="contract-sheet__head">
        <h1>服务合同</h1>
        <p>合同编号：{doc.number}</p>
        {text.statusNote ? <p className="contract-sheet__status">{text.statusNote}</p> : null}
      </header>
      <p className="contract-sheet__preamble">{doc.preamble}</p>

      <section aria-labelledby="contract-facts">
        <h2 id="contract-facts">{sections.facts}</h2>
        <table className="contract-table contract-table--facts">
          <tbody>
            {text.facts.map((fact) => (
              <tr key={fact.label}>
                <th scope="row">{fact.label}</th>
                <td>{fact.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="contract-parties">
        <h2 id="contract-parties">{sections.parties}</h2>
        <table className="contract-table contract-table--parties">
          <thead>
            <tr>
              <td />
              <th scope="col">甲方（采购人）</th>
              <th scope="col">乙方（中介服务机构）</th>
            </tr>
          </thead>
          <tbody>
            {text.partyRows.map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                <td>{row.buyer}</td>
                <td>{row.agency}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {sections.milestones ? (
        <section aria-labelledby="contract-milestones">
          <h2 id="contract-milestones">{sections.milestones}</h2>
          <table className="contract-table">
            <thead>
              <tr>
                <th scope="col">序号</th>
                <th scope="col">节点名称</th>
                <th scope="col">比例</th>
                <th scope="col">金额</th>
              </tr>
            </thead>
            <tbody>
              {text.milestoneRows.map((m) => (
                <tr key={m.seq}>
                  <td>{m.seq}</td>
                  <td>{m.name}</td>
                  <td className="number">{m.share}</td>
                  <td className="number">{m.amount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      <section aria-labelledby="contract-clauses">
        <h2 id="contract-clauses">{sections.clauses}</h2>
        {doc.clauses.map((clause, i) => (
          <section key={clause.title} className="contract-clause">
            <h3>
              第{chineseOrdinal(i + 1)}条{'\u3000'}
              {clause.title}
            </h3>
            <ol>
              {clause.paragraphs.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ol>
          </section>
        ))}
      </section>

      <section className="contract-signatures" aria-label="双方签订">
        {signatures.map((s) => (
          <div key={s.role} className="signature-block">
            <h3>{s.role}</h3>
            <p>{s.name}</p>
            <p className={s.signature.signed ? 'signature--signed' : 'signature--pending'}>
              {s.signature.state}
            </p>
            {s.signature.signer ? <p>{s.signature.signer}</p> : null}
          </div>
        ))}
      </section>

      <footer className="contract-sheet__foot">
        <p>{text.signingNote}</p>
        <p>合同网址：{url}</p>
        <p>打印时间：{text.printedAt}</p>
      </footer>
    </article>
  )
}
