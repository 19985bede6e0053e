-- GET /api/v1/bars/{symbol}/latest for a random one of the growth benchmark's TV_SYMBOLS 1m series (G000 ..).
dofile("bench/wrk/common.lua")

local symbols = tonumber((assert(os.getenv("TV_SYMBOLS"), "TV_SYMBOLS is not set")))
local requests = {}

init = function(args)
   for i = 0, symbols - 1 do
      requests[i + 1] = wrk.format("GET", string.format("/api/v1/bars/G%03d/latest?timeframe=1m", i))
   end
end

request = function()
   return requests[math.random(symbols)]
end
