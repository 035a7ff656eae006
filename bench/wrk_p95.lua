-- wrk reporting requests/s, p50, p95 and non-2xx responses as one JSON line.
local errors = 0
response = function(status, headers, body)
  if status >= 300 then errors = errors + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format(
    '{"rps": %.1f, "p50_ms": %.1f, "p95_ms": %.1f, "requests": %d, "non2xx": %d}\n',
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, summary.requests, errors))
end
