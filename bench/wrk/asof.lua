-- POST /api/v1/bars/asof with 1,000 points, each a random one of bench/rollup.sh's 50 generated series and a
-- random second of the year from 2023-01-02T14:30:00Z, as its pgbench side draws them. The bodies are built
-- before the run (64 of them, used in turn), so the measured time holds no body building.
dofile("bench/wrk/common.lua")

local base = 1672669800 -- 2023-01-02T14:30:00Z
local bodies = {}
for b = 1, 64 do
   local points = {}
   for i = 1, 1000 do
      local ts = os.date("!%Y-%m-%dT%H:%M:%SZ", base + math.random(0, 361 * 86400))
      points[i] = string.format('{"symbol":"S%d","ts":"%s"}', math.random(1, 50), ts)
   end
   bodies[b] = '{"timeframe":"1m","points":[' .. table.concat(points, ",") .. ']}'
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local n = 0

request = function()
   n = n % #bodies + 1
   return wrk.format("POST", "/api/v1/bars/asof", nil, bodies[n])
end
