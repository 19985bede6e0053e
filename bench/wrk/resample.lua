-- GET /api/v1/bars/S{n}/resample?timeframe=1m&bucket=1d over 2023 for a random one of bench/rollup.sh's 50
-- generated series: 252 daily buckets of 390 minute bars each. TV_ROLLUP (auto or off) is sent as `rollup`.
dofile("bench/wrk/common.lua")

local rollup = os.getenv("TV_ROLLUP") or "auto"

request = function()
   return wrk.format("GET", string.format(
      "/api/v1/bars/S%d/resample?timeframe=1m&bucket=1d&from=2023-01-01T00:00:00Z&to=2024-01-01T00:00:00Z&rollup=%s",
      math.random(1, 50), rollup))
end
