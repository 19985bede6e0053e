# The benchmark's two tables from its summary.tsv (bench/run.sh writes one line per scenario and side):
# throughput and latency against the limit with the targets of DESIGN 13, then CPU per request.
# Variables: idle (the idle client's BENCH_IDLE line), idlecount (connections it held).
function ms(us) { return us == "" ? "" : sprintf("%.2f", us / 1000) }
function mib(k) { return k == "" || k == 0 ? "" : sprintf("%.0f", k / 1024) }
function num(x) { return sprintf("%.0f", x) }
function per(cpu, count, rows) { return (cpu == "" || count + 0 == 0) ? "" : sprintf("%.1f", cpu * 1e6 / (count * rows)) }
BEGIN { FS = "\t" }
NR == 1 { next }
{
    key = $1
    if (!(key in seen)) { order[++n] = key; seen[key] = 1 }
    side[key, $2] = 1
    rps[key, $2] = $4; p50[key, $2] = $5; p99[key, $2] = $6; bad[key, $2] = $7 + $8; rss[key, $2] = $9
    app[key, $2] = $10; pg[key, $2] = $11; req[key, $2] = $12
}
END {
    target["latest64"] = 1.00; target["latest256"] = 1.20; target["range64"] = 0.90
    target["ingest8"] = 0.60; target["ingest_arrow8"] = 0.80; target["decisions64"] = 1.00
    # DESIGN 13's latency bounds (ms) beside the ratio.
    p99max["latest256"] = 25; p99max["decisions64"] = 50
    target["export_arrow"] = 0.80; target["export_csv"] = 0.60
    label["export_arrow"] = "GET panel of 50 series, 1,000,000 bars, Arrow (rows/s)"
    label["export_csv"] = "GET panel of 50 series, 1,000,000 bars, CSV (rows/s)"
    limitname["export_arrow"] = "COPY TO STDOUT"; limitname["export_csv"] = "COPY TO STDOUT"
    target["panel_month"] = 0.80; limitname["panel_month"] = "COPY TO STDOUT"
    label["panel_month"] = "GET panel of 50 series over a month of 1m bars, 2,160,000 bars, Arrow (rows/s)"
    label["latest64"] = "GET /bars/{s}/latest, 64 conns"
    label["latest256"] = "GET /bars/{s}/latest, 256 conns"
    label["range64"] = "GET /bars/{s} page of 100, 64 conns"
    label["ingest8"] = "POST /bars 1,000-bar JSON, 8 conns (rows/s)"
    label["ingest_arrow8"] = "POST /bars 10,000-bar Arrow, 8 conns (rows/s)"
    label["decisions64"] = "POST /decisions, 64 conns"
    limitname["latest64"] = "pgbench"; limitname["latest256"] = "pgbench"; limitname["range64"] = "pgbench"
    limitname["ingest8"] = "COPY"; limitname["ingest_arrow8"] = "COPY"; limitname["decisions64"] = "pgbench INSERT"
    for (i = 1; i <= n; i++) {
        k = order[i]
        base[k] = k; sub(/^idle[0-9]+\+/, "", base[k])
        # Rows per request, for the rows/s of the ingest and export rows (each request and COPY batch the same rows).
        rows[k] = (base[k] == "ingest8") ? 1000 : (base[k] == "ingest_arrow8") ? 10000 : (base[k] ~ /^export_/) ? 1000000 : (base[k] == "panel_month") ? 2160000 : 1
        # The idle scenario is compared with the latest-bar limit of the same run.
        lk[k] = ((k, "limit") in side) ? k : base[k]
    }

    print "| scenario | tickvault req/s | p50 ms | p99 ms | non-2xx | peak RSS MiB | limit | limit req/s | limit p50 ms | limit p99 ms | ratio | target | met |"
    print "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- | --- |"
    for (i = 1; i <= n; i++) {
        k = order[i]; b = base[k]; l = lk[k]
        mine = rps[k, "tickvault"] * rows[k]
        lim = rps[l, "limit"] * rows[k]
        ratio = lim > 0 ? mine / lim : 0
        t = target[b]; name = label[b]; tgt = ">= " sprintf("%.2f", t)
        met = (ratio >= t && bad[k, "tickvault"] == 0) ? "yes" : "no"
        if (b in p99max) {
            tgt = tgt ", p99 < " p99max[b] " ms"
            if (p99[k, "tickvault"] >= p99max[b] * 1000) met = "no"
        }
        if (k != b) {
            name = name " + " num(idlecount) " idle conns"
            tgt = "no errors, RSS <= 256 MiB"
            met = (bad[k, "tickvault"] == 0 && rss[k, "tickvault"] <= 262144 && idle ~ /closed_while_idle=0 / && idle ~ /final_failed=0$/) ? "yes" : "no"
        }
        printf "| %s | %s | %s | %s | %d | %s | %s | %s | %s | %s | %.2f | %s | %s |\n", name, num(mine),
            ms(p50[k, "tickvault"]), ms(p99[k, "tickvault"]), bad[k, "tickvault"], mib(rss[k, "tickvault"]),
            limitname[b], num(lim), ms(p50[l, "limit"]), ms(p99[l, "limit"]), ratio, tgt, met
    }

    print ""
    print "CPU per request over each measured run (per row for POST /bars), from /proc/<pid>/stat: tickvault's JVM, and"
    print "the PostgreSQL cluster while serving tickvault and while serving the limit. Both share the machine's cores."
    print ""
    print "| scenario | unit | tickvault JVM µs | PostgreSQL µs (tickvault) | PostgreSQL µs (limit) |"
    print "| --- | --- | ---: | ---: | ---: |"
    for (i = 1; i <= n; i++) {
        k = order[i]; l = lk[k]
        printf "| %s | %s | %s | %s | %s |\n", k, rows[k] == 1 ? "request" : "row",
            per(app[k, "tickvault"], req[k, "tickvault"], rows[k]), per(pg[k, "tickvault"], req[k, "tickvault"], rows[k]),
            per(pg[l, "limit"], req[l, "limit"], rows[k])
    }
}
