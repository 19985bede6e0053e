-- POST /api/v1/bars with a fresh batch per request, read from TV_INGEST_BODIES (bench/java/IngestBodies.java
-- wrote it before the run: each body its length in bytes, a newline, the bytes) with TV_INGEST_TYPE as its
-- Content-Type (application/json by default). Every body holds bars no other body holds (the next minutes of
-- one symbol, the symbols in turn), and init() reads and formats every one of them before wrk's clock starts,
-- so the client's core only sends during the measured time. When the run would need more bodies than the file
-- holds, the thread stops rather than send a batch twice: done() then says exhausted=1 and the run is void
-- (bench/lib.sh stops there; BENCH_INGEST_RATE sets how many bodies are built).
dofile("bench/wrk/common.lua")

local requests = {}
local sent = 0
exhausted = 0
bodies = 0

function init(args)
   local path = assert(os.getenv("TV_INGEST_BODIES"), "TV_INGEST_BODIES is not set")
   -- wrk.headers (the API key of common.lua, Host) with the body's type: a table passed to wrk.format would
   -- replace them.
   wrk.headers["Content-Type"] = os.getenv("TV_INGEST_TYPE") or "application/json"
   local f = assert(io.open(path, "rb"))
   while true do
      local len = f:read("*l")
      if not len then break end
      local body = f:read(tonumber(len))
      requests[#requests + 1] = wrk.format("POST", "/api/v1/bars", nil, body)
   end
   f:close()
   bodies = #requests
   collectgarbage()
end

request = function()
   sent = sent + 1
   if sent > #requests then
      exhausted = 1
      wrk.thread:stop()
      -- Something that writes nothing, for the one request wrk may still send before the thread stops.
      return wrk.format("GET", "/q/health/live")
   end
   return requests[sent]
end

local threads = {}
function setup(thread)
   threads[#threads + 1] = thread
end

local common_done = done
function done(summary, latency, requests_)
   common_done(summary, latency, requests_)
   local t = threads[1]
   io.write(string.format("BENCH_INGEST bodies=%d exhausted=%d\n", t:get("bodies"), t:get("exhausted")))
end
