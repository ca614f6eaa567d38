import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { listCategories, listServiceItems } from '#models/catalogue.ts'
import { getDatabase } from '#models/db/client.ts'
import { ItemCard } from '../components/item-card.tsx'
import catalogueStyles from '../styles/catalogue.css?url'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: catalogueStyles }]

export const meta: MetaFunction = () => [{ title: '中介服务事项清单 · 中介超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams
  const filters = {
    category: params.get('category')?.trim() || null,
    q: params.get('q')?.trim().slice(0, 50) || null,
    includeRetired: params.get('retired') === '1',
  }
  const db = await getDatabase()
  const [items, categories] = await Promise.all([listServiceItems(db, filters), listCategories(db)])
  return { items, categories, filters }
}

export default function ItemsPage() {
  const { items, categories, filters } = useLoaderData<typeof loader>()
  // Sections follow the catalogue's category order; empty ones are left out.
  const groups = categories
    .map((category) => ({ category, items: items.filter((i) => i.category === category) }))
    .filter((group) => group.items.length > 0)
  return (
    <section>
      <h1>中介服务事项清单</h1>
      <p className="lead">
        只有清单内的中介服务事项才能作为审批的要件。每项公开主管部门、设定依据、收费、时限、条件和流程，以及提供该服务的机构和它们的报价。
      </p>
      <Form method="get" className="filters" role="search" aria-label="筛选服务事项">
        <div className="field">
          <label htmlFor="category">类别</label>
          <select id="category" name="category" defaultValue={filters.category ?? ''}>
            <option value="">全部类别</option>
            {categories.map((category) => (
              <option key={category} value={category}>
                {category}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="q">名称或简称</label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={filters.q ?? ''}
            placeholder="如：环评"
          />
        </div>
        <label className="choice">
          <input type="checkbox" name="retired" value="1" defaultChecked={filters.includeRetired} />
          <span>显示已停用事项</span>
        </label>
        <button type="submit" className="button button--primary">
          筛选
        </button>
      </Form>
      <p role="status">共 {items.length} 项</p>
      {groups.length === 0 ? <p>没有符合条件的服务事项。</p> : null}
      {groups.map((group) => (
        <section key={group.category} aria-labelledby={`category-${group.category}`}>
          <h2 id={`category-${group.category}`}>
            {group.category}（{group.items.length}）
          </h2>
          <ul className="card-list">
            {group.items.map((item) => (
              <ItemCard key={item.code} item={item} />
            ))}
          </ul>
        </section>
      ))}
    </section>
  )
}
