import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { getDatabase } from '#models/db/client.ts'
import { getHomeFigures } from '#models/home.ts'
import { listLatestProjects } from '#models/project-queries.ts'
import { ProjectCard } from '../components/projects/project-card.tsx'
import { SearchBox } from '../components/search-box.tsx'
import { getActor } from '../session.server.ts'
import searchStyles from '../styles/search.css?url'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: searchStyles }]

export const meta: MetaFunction = () => [
  { title: '中介超市 · 中介服务网上交易平台' },
  { name: 'description', content: '中介机构零门槛入驻，项目业主公开选取，全过程网上公开。' },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const db = await getDatabase()
  const [figures, actor, open, awarded] = await Promise.all([
    getHomeFigures(db),
    getActor(request),
    listLatestProjects(db, 'published'),
    listLatestProjects(db, 'awarded'),
  ])
  return { figures, signedIn: actor != null, open, awarded }
}

const steps = [
  ['网上展示', '中介机构公开服务事项、收费标准、承诺时限和业绩。'],
  ['网上竞价', '项目业主发布需求，机构密封报价，截止后统一开标。'],
  ['网上中标', '竞价、随机抽取、综合评分，结果与依据全部公示。'],
  ['网上评价', '服务完成后业主评价，信用等级公开可查、可申诉。'],
]

export default function Home() {
  const { figures, signedIn, open, awarded } = useLoaderData<typeof loader>()
  return (
    <>
      <section className="hero">
        <h1>中介服务网上交易平台</h1>
        <p className="lead">
          中介机构<strong>零门槛、零限制</strong>入驻：不收费、不审批、不限地域。
          政府部门和企业公开、公平地选取中介服务，全过程向社会公开。
        </p>
        <SearchBox />
        {signedIn ? null : (
          <p className="hero__actions">
            <a className="button button--primary" href="/signup">
              免费入驻
            </a>
            <a className="button" href="/signin">
              登录
            </a>
          </p>
        )}
      </section>
      <section aria-labelledby="figures-title">
        <h2 id="figures-title">平台概况</h2>
        <ul className="figures">
          <li>
            <strong>{figures.items}</strong>
            <span>中介服务事项</span>
          </li>
          <li>
            <strong>{figures.agencies}</strong>
            <span>入驻中介机构</span>
          </li>
          <li>
            <strong>{figures.buyers}</strong>
            <span>项目业主</span>
          </li>
        </ul>
      </section>
      {open.length > 0 ? (
        <section aria-labelledby="open-title">
          <h2 id="open-title">正在报价的项目</h2>
          <ul className="card-list">
            {open.map((row) => (
              <ProjectCard key={row.id} row={row} />
            ))}
          </ul>
          <p>
            <a href="/projects?status=published">全部正在报价的项目 →</a>
          </p>
        </section>
      ) : null}
      {awarded.length > 0 ? (
        <section aria-labelledby="awarded-title">
          <h2 id="awarded-title">最新中选结果</h2>
          <ul className="card-list">
            {awarded.map((row) => (
              <ProjectCard key={row.id} row={row} />
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="steps-title">
        <h2 id="steps-title">全流程网上办理</h2>
        <ol className="steps">
          {steps.map(([title, text]) => (
            <li key={title}>
              <h3>{title}</h3>
              <p>{text}</p>
            </li>
          ))}
        </ol>
      </section>
    </>
  )
}
