import { Form, NavLink } from '@remix-run/react'
import type { Role } from '#models/db/schema.ts'
import { roleNames } from '#models/roles.ts'

interface HeaderActor {
  name: string
  role: Role
  organisationName: string | null
}

const publicLinks = [
  { to: '/', label: '首页' },
  { to: '/search', label: '搜索' },
  { to: '/items', label: '服务事项' },
  { to: '/agencies', label: '中介机构' },
  { to: '/projects', label: '采购公告' },
  { to: '/contracts', label: '合同公开' },
  { to: '/stats', label: '统计数据' },
]

const navByRole: Record<Role | 'public', { to: string; label: string }[]> = {
  public: publicLinks,
  agency: [
    ...publicLinks,
    { to: '/my', label: '工作台' },
    { to: '/my/offerings', label: '服务报价' },
    { to: '/my/bids', label: '我的报价' },
    { to: '/my/qualifications', label: '资质' },
    { to: '/my/practitioners', label: '执业人员' },
    { to: '/my/profile', label: '机构资料' },
    { to: '/account', label: '账户' },
  ],
  department: [
    ...publicLinks,
    { to: '/my', label: '工作台' },
    { to: '/my/projects', label: '我的项目' },
    { to: '/my/profile', label: '单位资料' },
    { to: '/account', label: '账户' },
  ],
  enterprise: [
    ...publicLinks,
    { to: '/my', label: '工作台' },
    { to: '/my/projects', label: '我的项目' },
    { to: '/my/profile', label: '企业资料' },
    { to: '/account', label: '账户' },
  ],
  supervisor: [
    ...publicLinks,
    { to: '/supervisor', label: '监管工作台' },
    { to: '/supervisor/organisations', label: '核验与监管' },
    { to: '/supervisor/objections', label: '质疑处理' },
    { to: '/supervisor/complaints', label: '投诉处理' },
    { to: '/supervisor/findings', label: '信用认定' },
    { to: '/supervisor/flags', label: '串通筛查' },
    { to: '/supervisor/inspections', label: '双随机抽查' },
    { to: '/supervisor/items', label: '事项清单管理' },
    { to: '/supervisor/staff', label: '监管人员' },
    { to: '/supervisor/calendar', label: '工作日历' },
    { to: '/account', label: '账户' },
  ],
}

export function SiteHeader({
  actor,
  csrfToken,
  unreadMessages = 0,
}: {
  actor: HeaderActor | null
  csrfToken?: string
  unreadMessages?: number
}) {
  const links = navByRole[actor?.role ?? 'public']
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <a href="/" className="brand">
          <span className="brand__mark" aria-hidden="true">
            中
          </span>
          <span>
            中介超市
            <small>中介服务网上交易平台</small>
          </span>
        </a>
        <nav aria-label="主导航" className="main-nav">
          <ul>
            {links.map((link) => (
              <li key={link.to}>
                {/* '/' and '/supervisor' begin other links' paths: match them exactly. */}
                <NavLink to={link.to} end={link.to === '/' || link.to === '/supervisor'}>
                  {link.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account-bar">
          {actor ? (
            <>
              <a
                href="/inbox"
                title={unreadMessages > 0 ? `${unreadMessages} 条未读消息` : undefined}
              >
                {unreadMessages > 0 ? <strong>{`消息 (${unreadMessages})`}</strong> : '消息'}
              </a>
              <span className="account-bar__who">
                {actor.organisationName ?? roleNames[actor.role]} · {actor.name}
              </span>
              <Form method="post" action="/signout">
                <input type="hidden" name="csrf" value={csrfToken ?? ''} />
                <button type="submit" className="button button--quiet">
                  退出
                </button>
              </Form>
            </>
          ) : (
            <>
              <a href="/signin">登录</a>
              <a href="/signup" className="button">
                免费入驻
              </a>
            </>
          )}
        </div>
      </div>
    </header>
  )
}

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <p>中介超市 · 零门槛、零限制入驻 · 网上展示、网上竞价、网上中标、网上评价</p>
      <p>时间均为北京时间（UTC+8）</p>
      <p>
        <a href="/blacklist">失信名单</a>
        {' · '}
        <a href="/inspections">双随机抽查结果</a>
      </p>
    </footer>
  )
}
