-- wrk script: POST each image of $IMAGES_LIST (one path per line) as the whole request body, round-robin, with the
-- Content-Type its extension names (options would go in the query string). The raw twin of multipart.lua: the
-- server skips the multipart parser. Prints one JSON line at the end (tools/load/rotation.lua).
-- Used by tools/bench-overhead and tools/bench-api with BODY=raw; run alone:
--   IMAGES_LIST=list.txt wrk -t2 -c4 -d20s -s raw.lua http://127.0.0.1:8080/v1/search
local by_extension = {
  jpg = "image/jpeg", jpeg = "image/jpeg", png = "image/png", webp = "image/webp", gif = "image/gif",
  bmp = "image/bmp",
}

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "rotation.lua")(function(path, bytes)
  local ext = (path:match("%.([^./]+)$") or ""):lower()
  return {["Content-Type"] = by_extension[ext] or "application/octet-stream"}, bytes
end)
