-- What tools/load/raw.lua and multipart.lua share: read the images of $IMAGES_LIST (one path per line), format one
-- POST per image once, in init (formatting a ~240 KB request on every call cost wrk about 0.1 ms of CPU per request,
-- on the same 2 cores as the server it measures), send them round-robin, and print one JSON line at the end.
-- Loaded with dofile; `format(path, bytes)` returns the request's headers table and body.
return function(format)
  local requests = {}
  local counter = 0

  function init(args)
    local list = os.getenv("IMAGES_LIST")
    assert(list, "set IMAGES_LIST") -- (assert returns its message too, which io.lines would take for a format)
    for path in io.lines(list) do
      local f = io.open(path, "rb")
      assert(f, "cannot open " .. path)
      local bytes = f:read("*all")
      f:close()
      local headers, body = format(path, bytes)
      requests[#requests + 1] = wrk.format("POST", nil, headers, body)
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
end
