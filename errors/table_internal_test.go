package errors

import "testing"

// Every namespace's hash index must find each value within a few probes, so
// that the cost of String does not depend on the size of the table.
func TestHashIndexProbes(t *testing.T) {
	for _, ns := range Namespaces() {
		tab := ns.table()
		worst, total := 0, 0
		for _, e := range tab.entries {
			probes := 1
			for s := tab.slot(e.value); tab.entries[tab.slots[s]-1].value != e.value; s = (s + 1) & (len(tab.slots) - 1) {
				probes++
			}
			total += probes
			worst = max(worst, probes)
			if f := tab.find(e.value); f == nil || f.value != e.value {
				t.Fatalf("%s: 0x%08X not found", ns, e.value)
			}
		}
		mean := float64(total) / float64(len(tab.entries))
		t.Logf("%s: %d values, %d slots, mean %.2f probes, worst %d", ns, len(tab.entries), len(tab.slots), mean, worst)
		if mean > 2 || worst > 24 {
			t.Errorf("%s: mean %.2f probes, worst %d: the hash spreads the values badly", ns, mean, worst)
		}
	}
}
