-- wrk script: POST each image of $IMAGES_LIST (one path per line) as the multipart field "image", round-robin, so
-- the server never sees only one file. Prints one JSON line at the end (tools/load/rotation.lua).
-- Used by tools/bench-api; run alone: IMAGES_LIST=list.txt wrk -t2 -c4 -d20s -s multipart.lua URL
local boundary = "----fakebank-load-7d1e"

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "rotation.lua")(function(path, bytes)
  return {["Content-Type"] = "multipart/form-data; boundary=" .. boundary},
      "--" .. boundary .. "\r\n"
      .. "Content-Disposition: form-data; name=\"image\"; filename=\"upload\"\r\n"
      .. "Content-Type: application/octet-stream\r\n\r\n" .. bytes .. "\r\n--" .. boundary .. "--\r\n"
end)
