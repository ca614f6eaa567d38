import { Form, NavLink } from '@remix-run/react'
import type { Role } from '#models/db/schema.ts'
import { roleNames } from '#models/roles.ts'

interface HeaderActor {
  name: string
  role: Role
  organisationName: string | null
}

const navByRole: Record<Role | 'public', { to: string; label: string }[]> = {
  public: [{ to: '/', label: '首页' }],
  agency: [
    { to: '/', label: '首页' },
    { to: '/account', label: '机构账户' },
  ],
  department: [
    { to: '/', label: '首页' },
    { to: '/account', label: '部门账户' },
  ],
  enterprise: [
    { to: '/', label: '首页' },
    { to: '/account', label: '企业账户' },
  ],
  supervisor: [
    { to: '/', label: '首页' },
    { to: '/supervisor', label: '监管工作台' },
    { to: '/supervisor/staff', label: '监管人员' },
    { to: '/account', label: '我的账户' },
  ],
}

export function SiteHeader({
  actor,
  csrfToken,
}: {
  actor: HeaderActor | null
  csrfToken?: string
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
                <NavLink to={link.to} end={link.to === '/'}>
                  {link.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account-bar">
          {actor ? (
            <>
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
    </footer>
  )
}
