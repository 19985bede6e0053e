# The tables of bench/growth.sh: sizes.tsv (bars, table and index bytes, partitions, seconds to generate and to
# vacuum), then summary.tsv (one row per scenario@size and side). For each scenario, the ratio
# tickvault / limit at each size and the ratio at the largest size over the ratio at the smallest (target >= 0.90),
# and for ingest the rows per second at each size (target: at the largest size >= 0.90 of the smallest).
BEGIN { FS = "\t" }
FNR == 1 { next }
FILENAME ~ /sizes.tsv$/ {
    sizes[++nsizes] = $1
    table[nsizes] = $2; index_[nsizes] = $3; parts[nsizes] = $4; gen[nsizes] = $5; vac[nsizes] = $6
    next
}
{
    split($1, parts2, "@")
    scenario = parts2[1]; label = parts2[2]
    if (!(scenario in seen)) { seen[scenario] = 1; order[++nscen] = scenario }
    if (!(label in seenLabel)) { seenLabel[label] = 1; labels[++nlabels] = label }
    rps[scenario, label, $2] = $4
    p99[scenario, label, $2] = $6
    if ($2 == "tickvault") { errs[scenario, label] = $7 + $8 }
}
END {
    print "| bars | table | index | partitions | generated in | vacuumed in |"
    print "| ---: | ---: | ---: | ---: | ---: | ---: |"
    for (i = 1; i <= nsizes; i++)
        printf "| %\047d | %.0f MiB | %.0f MiB | %d | %d s | %d s |\n", sizes[i], table[i] / 1048576, index_[i] / 1048576, parts[i], gen[i], vac[i]
    print ""
    header = "| scenario |"; rule = "| --- |"
    for (l = 1; l <= nlabels; l++) { header = header " ratio at " labels[l] " |"; rule = rule " ---: |" }
    print header " " labels[nlabels] " / " labels[1] " (target >= 0.90) |"
    print rule " ---: |"
    for (s = 1; s <= nscen; s++) {
        sc = order[s]; line = "| " sc " |"
        for (l = 1; l <= nlabels; l++) {
            t = rps[sc, labels[l], "tickvault"]; m = rps[sc, labels[l], "limit"]
            r[l] = (m > 0) ? t / m : 0
            line = line sprintf(" %.2f (%.0f / %.0f req/s, p99 %.1f ms) |", r[l], t, m, p99[sc, labels[l], "tickvault"] / 1000)
        }
        growth = (r[1] > 0) ? r[nlabels] / r[1] : 0
        print line sprintf(" %.2f %s |", growth, growth >= 0.90 ? "met" : "not met")
    }
    if (("ingest8", labels[1], "tickvault") in rps) {
        print ""
        first = rps["ingest8", labels[1], "tickvault"] * 1000; last = rps["ingest8", labels[nlabels], "tickvault"] * 1000
        printf "Ingest through POST /bars: %.0f rows/s at %s, %.0f rows/s at %s: %.2f of the first (target >= 0.90: %s).\n", first, labels[1], last, labels[nlabels], (first > 0 ? last / first : 0), (first > 0 && last / first >= 0.90) ? "met" : "not met"
    }
}
