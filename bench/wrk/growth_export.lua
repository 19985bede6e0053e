-- GET /api/v1/bars/{symbol}?timeframe=1m&from=... with Accept: text/csv: the newest 2,000 bars of a random growth
-- series as a CSV stream (every minute from TV_START, TV_MINUTES of them).
dofile("bench/wrk/common.lua")

local symbols = tonumber((assert(os.getenv("TV_SYMBOLS"), "TV_SYMBOLS is not set")))
local minutes = tonumber((assert(os.getenv("TV_MINUTES"), "TV_MINUTES is not set")))
local start = tonumber((assert(os.getenv("TV_START"), "TV_START is not set")))
local from = os.date("!%Y-%m-%dT%H:%M:%SZ", start + (minutes - 2000) * 60)
wrk.headers["Accept"] = "text/csv"

request = function()
   return wrk.format("GET", string.format("/api/v1/bars/G%03d?timeframe=1m&from=%s", math.random(0, symbols - 1), from))
end
