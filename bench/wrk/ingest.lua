-- POST /api/v1/bars with a fresh 1,000-bar JSON batch per request: 1m bars of symbols WRK0..WRK<n-1>
-- (TV_INGEST_SYMBOLS, default 8), each request the next 1,000 minutes of one of them in turn from
-- TV_INGEST_BASE (epoch seconds, a new base per run), so every row is new; the more symbols, the shorter the
-- span of time (and the fewer partitions) a run writes. The prices repeat the same pattern as the COPY limit's
-- rows (bench/java/CopyLimit.java).
dofile("bench/wrk/common.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local base = tonumber((assert(os.getenv("TV_INGEST_BASE"), "TV_INGEST_BASE is not set")))
local symbols = tonumber(os.getenv("TV_INGEST_SYMBOLS") or "8")
local rows = 1000
local n = 0

-- The value part of each row is the same for every batch: build it once.
local values = {}
for j = 0, rows - 1 do
   local open = 100 + (j % 97) * 0.25
   local close = open + ((j % 7) - 3) * 0.05
   local high = math.max(open, close) + 0.1
   local low = math.min(open, close) - 0.1
   values[j] = string.format('","open":%.2f,"high":%.2f,"low":%.2f,"close":%.2f,"volume":%d}',
      open, high, low, close, 1000 + j)
end

request = function()
   local symbol = string.format('{"symbol":"WRK%d","timeframe":"1m","ts":"', n % symbols)
   local t0 = base + math.floor(n / symbols) * rows * 60
   n = n + 1
   local parts = {}
   for j = 0, rows - 1 do
      parts[j + 1] = symbol .. os.date("!%Y-%m-%dT%H:%M:%SZ", t0 + j * 60) .. values[j]
   end
   return wrk.format("POST", "/api/v1/bars", nil, "[" .. table.concat(parts, ",") .. "]")
end
