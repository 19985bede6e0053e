-- Shared by every wrk scenario: the API key header and one machine-readable summary line.
-- wrk runs with one thread (-t1), so this Lua state sees every request of the run.
wrk.headers["Authorization"] = "Bearer " .. assert(os.getenv("TV_KEY"), "TV_KEY is not set")
math.randomseed(tonumber(os.getenv("TV_SEED") or "42"))

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      "BENCH requests=%d duration_us=%d rps=%.1f p50_us=%d p99_us=%d max_us=%d non2xx=%d socket_errors=%d\n",
      summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
      latency:percentile(50), latency:percentile(99), latency.max, e.status,
      e.connect + e.read + e.write + e.timeout))
end
