/** The 失信 mark wherever a blacklisted agency is named; it leads to the public list. */
export function BlacklistBadge({ blacklisted }: { blacklisted: boolean }) {
  if (!blacklisted) return null
  return (
    <a className="badge badge--bad" href="/blacklist" title="该机构在失信名单中，查看失信名单">
      失信
    </a>
  )
}
