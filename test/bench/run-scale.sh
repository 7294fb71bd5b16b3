#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# run-scale.sh BENCH-BINARY [REPS]: cycles (rdtsc, median of REPS) of the
# plugin's discovery and of the purgatory's IO-APIC quiesce and INIT
# parking against the register model, for machines from 8 to 16384 CPUs
# measured side by side in one run.  The probe machine's cycles (two
# CPUs, one IO-APIC, nothing parked) are the fixed part, taken off before
# dividing by the CPUs.  Each ratio is a unit cost over the reference
# shape's: the first of 100 CPUs or more (in the same APIC mode for the
# parking, whose unit cost is the mode's), the first shape for the
# IO-APICs.  Near 1.0 across shapes is linear growth; a ratio that climbs
# with the machine is not.
#
# Parse cycles per MADT byte too: type 9 entries are twice the size of
# type 0 ones, and the checksum reads every byte.  A shape of fewer than
# 100 CPUs past the probe's gets no per-CPU figure: its few CPUs' cost is
# within the fixed part's noise.  IO-APIC cycles per access: every shape
# makes the same MMIO accesses per pin state (test_scale holds them to
# that), in a mix that differs with the pins of each IO-APIC.
set -eu
bin=$1
reps=${2:-21}
out=$(mktemp)
trap 'rm -f "$out"' EXIT

"$bin" "$reps" > "$out"

echo "Scale: cycles, median of $reps runs (ratio to the reference shape)"
awk '
	{ for (i = 2; i < NF; i += 2) v[$1, $i] = $(i + 1); name[n++] = $1 }
	function col(x, ref) { return sprintf(" %8.1f %5.2fx", x, ref ? x / ref : 0) }
	function cpu_col(x, ref, units) { return units < 100 ? sprintf(" %15s", "-") : col(x, ref) }
	END {
		for (i = 0; i < n; i++) {
			s = name[i]
			if (s ~ /^probe/)
				continue
			x2 = v[s, "x2"]; p = x2 ? "probe-x2apic" : "probe-xapic"
			units = v[s, "cpus"] - v[p, "cpus"]
			parse[s] = (v[s, "parse"] - v[p, "parse"]) / units
			bytes = v[s, "madt_bytes"] - v[p, "madt_bytes"]
			byte[s] = (v[s, "parse"] - v[p, "parse"]) / bytes
			plug[s] = v[s, "parse"] + v[s, "merge"] + v[s, "tables"]
			plug[s] = (plug[s] - v[p, "parse"] - v[p, "merge"] - v[p, "tables"]) / units
			ioa[s] = v[s, "ioapic"] / v[s, "ioapics"]
			acc[s] = v[s, "ioapic"] / v[s, "ioapic_accesses"]
			park[s] = (v[s, "park"] - v[p, "park"]) / units
			if (!ref_io)
				ref_io = s
			if (v[s, "cpus"] >= 100 && !ref_cpu)
				ref_cpu = s
			if (v[s, "cpus"] >= 100 && !((x2, "park") in ref))
				ref[x2, "park"] = s
		}
		printf "%-10s %-6s %5s %4s %15s %15s %15s %15s %15s %15s\n", "shape", "mode",
		       "CPUs", "IOAs", "parse/CPU", "parse/byte", "plugin/CPU", "ioapic/IOAPIC",
		       "ioapic/access", "park/CPU"
		for (i = 0; i < n; i++) {
			s = name[i]
			if (s ~ /^probe/)
				continue
			x2 = v[s, "x2"]; rp = ref[x2, "park"]
			units = v[s, "cpus"] - v[x2 ? "probe-x2apic" : "probe-xapic", "cpus"]
			printf "%-10s %-6s %5d %4d", s, x2 ? "x2APIC" : "xAPIC",
			       v[s, "cpus"], v[s, "ioapics"]
			printf "%s", cpu_col(parse[s], parse[ref_cpu], units)
			printf "%s", cpu_col(byte[s], byte[ref_cpu], units)
			printf "%s", cpu_col(plug[s], plug[ref_cpu], units)
			printf "%s%s", col(ioa[s], ioa[ref_io]), col(acc[s], acc[ref_io])
			printf "%s\n", cpu_col(park[s], park[rp], units)
		}
		a = "32s-8192"; b = "64s-16384"
		if (v[a, "parse"] && v[b, "parse"])
			printf "MADT parse, %d -> %d CPUs: %.2fx the cycles (linear: 2.00x)\n",
			       v[a, "cpus"], v[b, "cpus"], v[b, "parse"] / v[a, "parse"]
		if (v[a, "park"] && v[b, "park"])
			printf "INIT parking, %d -> %d CPUs: %.2fx the cycles (linear: 2.00x)\n",
			       v[a, "cpus"], v[b, "cpus"], v[b, "park"] / v[a, "park"]
		if (v[a, "ioapic"] && v[b, "ioapic"]) {
			cyc = v[b, "ioapic"] / v[a, "ioapic"]
			ac = v[b, "ioapic_accesses"] / v[a, "ioapic_accesses"]
			printf "IO-APIC quiesce, %d -> %d pins: %.2fx the cycles, ", v[a, "pins"],
			       v[b, "pins"], cyc
			printf "%.2fx the accesses\n", ac
		}
	}' "$out"
