-- Appended to every wrk run of the bench: prints one machine-readable line with the totals and the latency
-- percentiles (wrk keeps them in microseconds), which wrk's own text output rounds or leaves out (p99.9).
done = function(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      "WRK_JSON {\"requests\":%.0f,\"duration_us\":%.0f,\"bytes\":%.0f,\"errors\":%d,\"status_errors\":%d," ..
      "\"p50\":%.0f,\"p90\":%.0f,\"p99\":%.0f,\"p999\":%.0f,\"max\":%.0f}\n",
      summary.requests, summary.duration, summary.bytes, e.connect + e.read + e.write + e.timeout, e.status,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
      latency.max))
end
