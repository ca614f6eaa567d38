import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData, useSearchParams } from '@remix-run/react'
import { getAccount } from '#models/accounts.ts'
import { roleNames } from '#models/roles.ts'
import { requireSignedInCtx } from '../session.server.ts'
import { formatDateTime } from '../utils/format.ts'

export const meta: MetaFunction = () => [{ title: '我的账户 · 中介超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  return getAccount(ctx)
}

export default function AccountPage() {
  const account = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const org = account.organisation
  return (
    <section>
      {params.get('welcome') ? (
        <p className="notice" role="status">
          注册成功，欢迎使用中介超市。
        </p>
      ) : null}
      {params.get('password') ? (
        <p className="notice" role="status">
          密码已修改，其他设备上的登录已失效。
        </p>
      ) : null}
      <h1>我的账户</h1>
      <dl className="details">
        <dt>姓名</dt>
        <dd>{account.name}</dd>
        <dt>角色</dt>
        <dd>{roleNames[account.role]}</dd>
        <dt>手机号</dt>
        <dd>{account.phone}</dd>
        <dt>邮箱</dt>
        <dd>{account.email ?? '未填写'}</dd>
        <dt>注册时间</dt>
        <dd>{formatDateTime(account.createdAt)}</dd>
        <dt>密码最近修改</dt>
        <dd>
          {account.passwordChangedAt ? formatDateTime(account.passwordChangedAt) : '从未修改'}
          {account.mustChangePassword ? '（当前为管理员设置的初始密码，请尽快修改）' : null}
        </dd>
      </dl>
      {org ? (
        <>
          <h2>所属机构</h2>
          <dl className="details">
            <dt>机构名称</dt>
            <dd>{org.name}</dd>
            <dt>我的身份</dt>
            <dd>
              {account.organisationAdmin ? '账号管理员' : '成员'}（
              <a href="/account/members">机构成员</a>）
            </dd>
            <dt>统一社会信用代码</dt>
            <dd className="mono">{org.uscc}</dd>
            <dt>核验状态</dt>
            <dd>
              {org.verifiedAt
                ? `已核验（${formatDateTime(org.verifiedAt)}）`
                : org.kind === 'department'
                  ? '待监管人员核验，核验后可发布采购项目'
                  : org.kind === 'agency'
                    ? '已公开展示；监管人员核验后将显示“已核验”标识'
                    : '无需核验'}
            </dd>
          </dl>
        </>
      ) : null}
      <p>
        <a href="/account/password" className="button">
          修改密码
        </a>
      </p>
    </section>
  )
}
