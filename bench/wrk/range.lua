-- GET /api/v1/bars/{symbol}?timeframe=1m&from=...&limit=100: a page of 100 bars of a random generated
-- series from a random minute (the data runs 20,000 minutes from 2020-04-01T00:00:00Z).
dofile("bench/wrk/common.lua")

local base = 1585699200 -- 2020-04-01T00:00:00Z

request = function()
   local symbol = math.random(0, 49)
   local minute = math.random(0, 19899)
   local from = os.date("!%Y-%m-%dT%H:%M:%SZ", base + minute * 60)
   return wrk.format("GET", string.format("/api/v1/bars/SYN%02d?timeframe=1m&from=%s&limit=100", symbol, from))
end
