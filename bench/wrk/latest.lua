-- GET /api/v1/bars/{symbol}/latest for a random symbol: the 50 generated 1m series and the real ^GSPC 1d.
dofile("bench/wrk/common.lua")

local paths = {}
for i = 0, 49 do
   paths[#paths + 1] = string.format("/api/v1/bars/SYN%02d/latest?timeframe=1m", i)
end
paths[#paths + 1] = "/api/v1/bars/%5EGSPC/latest?timeframe=1d"
local requests = {}
local n = #paths

-- wrk sets the Host header before init: format the requests once, here.
init = function(args)
   for i, path in ipairs(paths) do
      requests[i] = wrk.format("GET", path)
   end
end

request = function()
   return requests[math.random(n)]
end
