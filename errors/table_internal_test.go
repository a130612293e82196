package errors

import (
	"reflect"
	"testing"
)

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

// The generated tables are package-level variables of thousands of entries.
// Every pointer word in them (a string, a slice, a pointer, ...) would be a
// root that the garbage collector scans on every cycle, in every program that
// imports this package, making all its allocations dearer. So the entries
// hold only integers that locate strings in constant text; this test fails
// when a type of the tables gains a field that can hold a pointer.
func TestTablesHoldNoPointers(t *testing.T) {
	elems := map[string]reflect.Type{
		"nameIndex": reflect.TypeOf(nameIndex).Elem(),
		"codeEntry": reflect.TypeFor[codeEntry](),
		"textRef":   reflect.TypeFor[textRef](),
		"nameEntry": reflect.TypeFor[nameEntry](),
	}
	for _, ns := range Namespaces() {
		tab := ns.table()
		elems[ns.String()+" entries"] = reflect.TypeOf(tab.entries).Elem()
		elems[ns.String()+" aliases"] = reflect.TypeOf(tab.aliases).Elem()
		elems[ns.String()+" slots"] = reflect.TypeOf(tab.slots).Elem()
	}
	// The walk itself must see a pointer nested in arrays and structs.
	type inner struct{ s [1]string }
	if p, ok := pointerIn(reflect.TypeFor[[2]struct{ x, y inner }](), "probe"); !ok || p != "probe[].x.s[] (string)" {
		t.Fatalf("pointerIn misses a nested string: %q, %v", p, ok)
	}
	for name, typ := range elems {
		if path, ok := pointerIn(typ, typ.String()); ok {
			t.Errorf("%s: %s can hold a pointer", name, path)
		}
	}
}

// pointerIn reports whether a value of typ can hold a pointer, and where,
// looking through struct fields and array elements.
func pointerIn(typ reflect.Type, path string) (string, bool) {
	switch typ.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return "", false
	case reflect.Array:
		return pointerIn(typ.Elem(), path+"[]")
	case reflect.Struct:
		for i := range typ.NumField() {
			f := typ.Field(i)
			if p, ok := pointerIn(f.Type, path+"."+f.Name); ok {
				return p, true
			}
		}
		return "", false
	default: // String, Slice, Pointer, Map, Interface, Chan, Func, UnsafePointer
		return path + " (" + typ.Kind().String() + ")", true
	}
}
