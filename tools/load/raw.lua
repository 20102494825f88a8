-- wrk script: POST each image of $IMAGES_LIST (one path per line) as the whole request body, round-robin, with the
-- Content-Type its extension names (options would go in the query string). The raw twin of multipart.lua: the
-- server skips the multipart parser. Prints one JSON line at the end.
-- Used by tools/bench-overhead and tools/bench-api with BODY=raw; run alone:
--   IMAGES_LIST=list.txt wrk -t2 -c4 -d20s -s raw.lua http://127.0.0.1:8080/v1/search
-- Each request is formatted once, in init: formatting a ~240 KB request per call cost wrk about 0.3 ms of CPU per
-- request, on the same 2 cores as the server it measures.
local requests = {}
local counter = 0
local by_extension = {
  jpg = "image/jpeg", jpeg = "image/jpeg", png = "image/png", webp = "image/webp", gif = "image/gif",
  bmp = "image/bmp",
}

function init(args)
  local list = os.getenv("IMAGES_LIST")
  assert(list, "set IMAGES_LIST") -- (assert returns its message too, which io.lines would take for a format)
  for path in io.lines(list) do
    local f = io.open(path, "rb")
    assert(f, "cannot open " .. path)
    local bytes = f:read("*all")
    f:close()
    local ext = (path:match("%.([^./]+)$") or ""):lower()
    local type = by_extension[ext] or "application/octet-stream"
    requests[#requests + 1] = wrk.format("POST", nil, {["Content-Type"] = type}, bytes)
  end
  assert(#requests > 0, "IMAGES_LIST names no files")
  counter = math.random(#requests)
end

function request()
  counter = counter % #requests + 1
  return requests[counter]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.2f, "req_s": %.1f, "p50_ms": %.1f, "p99_ms": %.1f, "errors": %d, "non_2xx": %d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
