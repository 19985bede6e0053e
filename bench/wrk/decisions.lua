-- POST /api/v1/decisions: one decision per request, without an Idempotency-Key.
dofile("bench/wrk/common.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local actions = { "BUY", "SELL", "HOLD", "CLOSE" }

request = function()
   local body = string.format('{"symbol":"SYN%02d","action":"%s","confidence":%.2f,"price":%.2f,"quantity":%d,'
      .. '"strategy":"bench-momentum","model":"gbm-v3","rationale":"momentum above threshold",'
      .. '"features":{"rsi":%.1f,"ret":0.00123}}',
      math.random(0, 49), actions[math.random(4)], math.random(0, 100) / 100, 100 + math.random(0, 10000) / 100,
      math.random(1, 100), math.random(0, 1000) / 10)
   return wrk.format("POST", "/api/v1/decisions", nil, body)
end
