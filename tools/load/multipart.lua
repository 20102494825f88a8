-- wrk script: POST each image of $IMAGES (a folder listing, one path per line in $IMAGES_LIST) as the multipart
-- field "image", round-robin, so the server never sees only one file. Prints one JSON line at the end.
-- Used by tools/bench-api; run alone: IMAGES_LIST=list.txt wrk -t2 -c4 -d20s -s multipart.lua URL
local boundary = "----fakebank-load-7d1e"
-- Each request is formatted once, in init: formatting a ~240 KB request per call cost wrk about 0.3 ms of CPU per
-- request, on the same 2 cores as the server it measures.
local requests = {}
local counter = 0

local function body_for(path)
  local f = io.open(path, "rb")
  assert(f, "cannot open " .. path)
  local bytes = f:read("*all")
  f:close()
  return "--" .. boundary .. "\r\n"
      .. "Content-Disposition: form-data; name=\"image\"; filename=\"upload\"\r\n"
      .. "Content-Type: application/octet-stream\r\n\r\n" .. bytes .. "\r\n--" .. boundary .. "--\r\n"
end

function init(args)
  local list = os.getenv("IMAGES_LIST")
  assert(list, "set IMAGES_LIST") -- (assert returns its message too, which io.lines would take for a format)
  for path in io.lines(list) do
    requests[#requests + 1] = wrk.format("POST", nil,
        {["Content-Type"] = "multipart/form-data; boundary=" .. boundary}, body_for(path))
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
