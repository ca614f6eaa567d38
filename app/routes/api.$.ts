/**
 * Any other address under /api answers like the API does, in JSON (docs/api.md), not with the
 * site's HTML 404 page that a script cannot read.
 */
export function loader() {
  return Response.json(
    { error: '没有这个接口，可用的接口见 /api/v1/projects、/api/v1/items、/api/v1/search 等' },
    { status: 404, headers: { 'Access-Control-Allow-Origin': '*' } },
  )
}
