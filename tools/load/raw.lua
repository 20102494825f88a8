-- wrk script: POST each image of $IMAGES_LIST (one path per line) as the whole request body, round-robin, with the
-- Content-Type its extension names (options would go in the query string). The raw twin of multipart.lua: the
-- server skips the multipart parser. Prints one JSON line at the end.
-- Used by tools/bench-overhead and tools/bench-api with BODY=raw; run alone:
--   IMAGES_LIST=list.txt wrk -t2 -c4 -d20s -s raw.lua http://127.0.0.1:8080/v1/search
local bodies = {}
local types = {}
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
    bodies[#bodies + 1] = f:read("*all")
    f:close()
    local ext = (path:match("%.([^./]+)$") or ""):lower()
    types[#types + 1] = by_extension[ext] or "application/octet-stream"
  end
  assert(#bodies > 0, "IMAGES_LIST names no files")
  counter = math.random(#bodies)
end

function request()
  counter = counter % #bodies + 1
  return wrk.format("POST", nil, {["Content-Type"] = types[counter]}, bodies[counter])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.2f, "req_s": %.1f, "p50_ms": %.1f, "p99_ms": %.1f, "errors": %d, "non_2xx": %d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
