-- GET /api/v1/bars/{symbol}?timeframe=1m&from=...&limit=100: a page of 100 bars of a random growth series from a
-- random minute of its TV_MINUTES minutes (every minute from TV_START, epoch seconds).
dofile("bench/wrk/common.lua")

local symbols = tonumber((assert(os.getenv("TV_SYMBOLS"), "TV_SYMBOLS is not set")))
local minutes = tonumber((assert(os.getenv("TV_MINUTES"), "TV_MINUTES is not set")))
local start = tonumber((assert(os.getenv("TV_START"), "TV_START is not set")))

request = function()
   local symbol = math.random(0, symbols - 1)
   local from = os.date("!%Y-%m-%dT%H:%M:%SZ", start + math.random(0, minutes - 101) * 60)
   return wrk.format("GET", string.format("/api/v1/bars/G%03d?timeframe=1m&from=%s&limit=100", symbol, from))
end
