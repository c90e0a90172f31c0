function done(summary, latency, requests)
   io.write(string.format("RESULT requests=%d errors_status=%d errors_connect=%d p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f\n",
      summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
      latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
