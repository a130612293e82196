package gen

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

const testNamespaces = "# table: namespaces\nnamespace\tbits\tsection\nEC\t32\t[T] 1\nWin32\t16\t[T] 2\n"

// load runs Load on a spec folder made of the given files plus a namespaces table.
func load(files map[string]string) (*Model, error) {
	fsys := fstest.MapFS{"namespaces.tsv": {Data: []byte(testNamespaces)}}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return Load(fsys)
}

const codesHeader = "# table: codes\n# namespace: EC\nname\tvalue\talias_of\tgo\tsection\n"

const errataHeader = "# table: errata\n# namespace: EC\nsection\tvalue\tdocument_name\tdocument_win32\tname\twin32\tsource\treason\n"

func TestLoadRejectsBadTables(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"unknown column", map[string]string{"a.tsv": "# table: codes\n# namespace: EC\nname\tvalue\tsection\tcolour\n"},
			`a.tsv:3: unknown column "colour" for a codes table`},
		{"missing column", map[string]string{"a.tsv": "# table: codes\n# namespace: EC\nname\tsection\n"},
			`a.tsv:3: missing column "value"`},
		{"unknown table kind", map[string]string{"a.tsv": "# table: colours\nname\n"},
			`a.tsv: unknown table kind "colours"`},
		{"unknown namespace", map[string]string{"a.tsv": "# table: codes\n# namespace: Colour\nname\tvalue\tsection\nx\t1\t[T] 1\n"},
			`a.tsv: unknown namespace "Colour"`},
		{"duplicate name", map[string]string{"a.tsv": codesHeader + "ecOne\t0x1\t\t\t[T] 1\necTwo\t0x2\t\t\t[T] 1\necone\t0x3\t\t\t[T] 1\n"},
			`a.tsv:6: duplicate name "econe" in EC (first at a.tsv:4`},
		{"repeated value without alias", map[string]string{"a.tsv": codesHeader + "ecOne\t0x1\t\t\t[T] 1\nOne\t0x00000001\t\t\t[T] 1\n"},
			`a.tsv:5: value 0x00000001 of One repeats ecOne (a.tsv:4) without alias_of`},
		{"alias of a missing name", map[string]string{"a.tsv": codesHeader + "ecOne\t0x1\t\t\t[T] 1\nOne\t0x1\tecUno\t\t[T] 1\n"},
			`a.tsv:5: One is an alias of "ecUno", which is not a name in EC`},
		{"alias with another value", map[string]string{"a.tsv": codesHeader + "ecOne\t0x1\t\t\t[T] 1\nTwo\t0x2\tecOne\t\t[T] 1\n"},
			`a.tsv:5: Two (0x00000002) is an alias of ecOne, which has value 0x00000001`},
		{"alias of an alias", map[string]string{"a.tsv": codesHeader + "ecOne\t0x1\t\t\t[T] 1\nOne\t0x1\tecOne\t\t[T] 1\nUno\t0x1\tOne\t\t[T] 1\n"},
			`a.tsv:6: Uno is an alias of One, which is itself an alias`},
		{"value overflows its width", map[string]string{"a.tsv": "# table: codes\n# namespace: Win32\nname\tvalue\tsection\nERROR_BIG\t0x10000\t[T] 2\n"},
			`a.tsv:4: value "0x10000": does not fit in 16 bits`},
		{"value overflows 32 bits", map[string]string{"a.tsv": codesHeader + "ecHuge\t0x100000000\t\t\t[T] 1\n"},
			`a.tsv:4: value "0x100000000": does not fit in 32 bits`},
		{"value is not a number", map[string]string{"a.tsv": codesHeader + "ecOne\tone\t\t\t[T] 1\n"},
			`a.tsv:4: value "one": not a number`},
		{"row without section", map[string]string{"a.tsv": codesHeader + "ecOne\t0x1\t\t\t\n"},
			`a.tsv:4: ecOne: section is empty`},
		{"short row", map[string]string{"a.tsv": codesHeader + "ecOne\t0x1\n"},
			`a.tsv:4: row has 2 cells, the header has 5`},
		{"name that is no Go identifier", map[string]string{"a.tsv": codesHeader + "e-one\t0x1\t\t\t[T] 1\n"},
			`a.tsv:4: e-one: "e-one" is not an exported Go identifier; set the go column`},
		{"same Go identifier in two namespaces", map[string]string{
			"a.tsv": codesHeader + "E_FAIL\t0x80004005\t\t\t[T] 1\n",
			"b.tsv": "# table: codes\n# namespace: Win32\nname\tvalue\tsection\nE_FAIL\t0x5\t[T] 2\n"},
			`b.tsv:4: Go identifier E_FAIL of Win32 E_FAIL is already used by EC E_FAIL (a.tsv:4); set the go column to disambiguate`},
		{"Go identifier of the API", map[string]string{"a.tsv": codesHeader + "LookupName\t0x1\t\t\t[T] 1\n"},
			`a.tsv:4: Go identifier LookupName of EC LookupName is already used by the generated API`},
		{"win32 mapping to a missing code", map[string]string{"a.tsv": "# table: codes\n# namespace: EC\nname\tvalue\tsection\twin32\necOne\t0x1\t[T] 1\tERROR_NOPE\n"},
			`a.tsv:4: ecOne maps to Win32 "ERROR_NOPE", which is not a Win32 name`},
		{"reconnect code with the wrong value", map[string]string{
			"w.tsv": "# table: codes\n# namespace: Win32\nname\tvalue\tsection\nRPC_S_X\t1722\t[T] 2\n",
			"r.tsv": "# table: cmrp-reconnect-codes\nname\tvalue\tv2\tv3\tnt\tw2000\txp2003\tsection\nRPC_S_X\t1723\tyes\tyes\tyes\tyes\tyes\t[T] 3\n"},
			`r.tsv:3: RPC_S_X is 1723 here but 1722 in the Win32 table (w.tsv:4)`},
		{"method opnum twice", map[string]string{"m.tsv": "# table: cmrp-methods\nname\topnum\tversion\tsection\nApiA\t3\t2\t[T] 4\nApiB\t3\t2\t[T] 4\n"},
			`m.tsv:4: version 2 opnum 3 given twice (first at m.tsv:3)`},
		{"erratum the codes table does not carry", map[string]string{
			"w.tsv": "# table: codes\n# namespace: Win32\nname\tvalue\tsection\nERROR_NOT_FOUND\t0x490\t[T] 2\nERROR_MORE_DATA\t0xEA\t[T] 2\n",
			"c.tsv": "# table: codes\n# namespace: EC\nname\tvalue\tsection\twin32\necNoResults\t0x5D\t[T] 1\tERROR_MORE_DATA\n",
			"e.tsv": errataHeader + "[T] 1\t0x5D\tecNoResults\tERROR_MORE_DATA\tecNoControl\tERROR_NOT_FOUND\tx.h\tswapped\n"},
			`e.tsv:4: the EC table does not carry this erratum: want ecNoControl as the canonical name of 0x0000005D`},
		{"erratum with another Win32 mapping", map[string]string{
			"w.tsv": "# table: codes\n# namespace: Win32\nname\tvalue\tsection\nERROR_NOT_FOUND\t0x490\t[T] 2\nERROR_MORE_DATA\t0xEA\t[T] 2\n",
			"c.tsv": "# table: codes\n# namespace: EC\nname\tvalue\tsection\twin32\necNoControl\t0x5D\t[T] 1\tERROR_MORE_DATA\n",
			"e.tsv": errataHeader + "[T] 1\t0x5D\tecNoResults\tERROR_MORE_DATA\tecNoControl\tERROR_NOT_FOUND\tx.h\tswapped\n"},
			`e.tsv:4: the EC table maps ecNoControl to Win32 "ERROR_MORE_DATA", the erratum to "ERROR_NOT_FOUND"`},
		{"erratum without its evidence", map[string]string{
			"c.tsv": codesHeader + "ecNoControl\t0x5D\t\t\t[T] 1\n",
			"e.tsv": errataHeader + "[T] 1\t0x5D\tecNoResults\t\tecNoControl\t\t\tswapped\n"},
			`e.tsv:4: source is empty`},
		{"logon action for an unknown code", map[string]string{
			"a.tsv": codesHeader + "ecOne\t0x1\t\t\t[T] 1\n",
			"l.tsv": "# table: logon-actions\naction\tcode\tsection\nFail\t*\t[T] 5\nRetry\tecTwo\t[T] 5\n"},
			`l.tsv:4: "ecTwo" is not an EC name`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(tt.files)
			if err == nil {
				t.Fatalf("Load accepted the table; want an error starting %q", tt.want)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error\n got: %v\nwant: %s...", err, tt.want)
			}
		})
	}
}

func TestLoadBuildsModel(t *testing.T) {
	m, err := load(map[string]string{
		"ec.tsv": codesHeader + "ecOne\t0x1\t\t\t[T] 1\nOne\t0x1\tecOne\t\t[T] 1.1\n",
		// an alias may come from another file than its canonical name
		"ec2.tsv": codesHeader + "Uno\t0x1\tecOne\t-\t[T] 1.2\nE_FAIL\t0x80004005\t\tEC_E_FAIL\t[T] 1\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	ec := m.Namespace("EC")
	if len(ec.Values) != 2 || ec.Values[0].V != 1 || ec.Values[1].V != 0x80004005 {
		t.Fatalf("values not sorted or not all read: %+v", ec.Values)
	}
	names := ec.Values[0].Names
	if len(names) != 3 || names[0].Name != "ecOne" || names[0].Alias || names[0].Go != "EcOne" ||
		!names[1].Alias || names[1].Go != "One" || names[2].Go != "" {
		t.Errorf("names of 1: %+v, %+v, %+v", *names[0], *names[1], *names[2])
	}
	if n := ec.Lookup("UNO"); n == nil || n.Section != "[T] 1.2" {
		t.Errorf("Lookup(UNO) = %+v", n)
	}
	if g := ec.Values[1].Canonical().Go; g != "EC_E_FAIL" {
		t.Errorf("go column ignored: %s", g)
	}
}

func TestLoadRejectsTooManyValues(t *testing.T) {
	var b strings.Builder
	b.WriteString(codesHeader)
	for v := 0; v <= maxValues; v++ {
		fmt.Fprintf(&b, "ecV%d\t%d\t\t-\t[T] 1\n", v, v)
	}
	_, err := load(map[string]string{"big.tsv": b.String()})
	if err == nil || !strings.Contains(err.Error(), "the generated index holds at most 65534") {
		t.Errorf("error = %v", err)
	}
}

func TestLoadRejectsBadFlags(t *testing.T) {
	head := "# table: flags\n# type: F\n# bits: 8\n# prefix: F\nname\tvalue\tsection\n"
	tests := map[string]struct{ text, want string }{
		"two bits":        {head + "A\t0x03\t[T] 1\n", `f.tsv:6: value "0x03": a flag is a single bit`},
		"bit named twice": {head + "A\t0x01\t[T] 1\nB\t0x01\t[T] 1\n", `f.tsv:7: bit 0x1 is named twice`},
		"too wide":        {head + "A\t0x100\t[T] 1\n", `f.tsv:6: value "0x100": does not fit in 8 bits`},
		"bad width":       {strings.Replace(head, "bits: 8", "bits: 12", 1) + "A\t0x1\t[T] 1\n", `f.tsv: bits "12": want 8, 16 or 32`},
		"same Go name":    {strings.Replace(head, "value\tsection", "value\tgo\tsection", 1) + "A_B\t0x01\t\t[T] 1\nX\t0x02\tAB\t[T] 1\n", `f.tsv:7: flag X: Go name "FAB" is not a new identifier`},
		"no rows":         {head, `f.tsv: a flags table needs at least one row`},
	}
	for name, tt := range tests {
		_, err := load(map[string]string{"f.tsv": tt.text})
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %s...", name, err, tt.want)
		}
	}
}

func TestCamel(t *testing.T) {
	for in, want := range map[string]string{"USE_ADMIN_PRIVILEGE": "UseAdminPrivilege", "PUBLIC": "Public", "OwnerRight": "OwnerRight", "Private": "Private"} {
		if got := camel(in); got != want {
			t.Errorf("camel(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestLoadRejectsBadMessages(t *testing.T) {
	head := func(dir string) string {
		rop := "# rop: RopX\n"
		if dir == "struct" {
			rop = ""
		}
		return "# table: message\n# message: M\n" + rop + "# direction: " + dir + "\nfield\ttype\tlength\tvalue\tcheck\tsection\n"
	}
	req := head("request") + "RopId\tu8\t\t0x01\t\t[T] 1\n"
	tests := map[string]struct {
		files map[string]string
		want  string
	}{
		"unknown type":          {map[string]string{"m.tsv": req + "X\tu24\t\t\t\t[T] 1\n"}, `m.tsv:7: X: unknown type "u24"`},
		"no RopId":              {map[string]string{"m.tsv": head("request") + "X\tu8\t\t\t\t[T] 1\n"}, `m.tsv:6: a request starts with RopId u8 and its value`},
		"length of later field": {map[string]string{"m.tsv": req + "S\tasciiz\tN\t\t\t[T] 1\nN\tu8\t\t\t\t[T] 1\n"}, `m.tsv:7: S: length "N" names no earlier field`},
		"list without length":   {map[string]string{"m.tsv": req + "S\tasciiz[]\t\t\t\t[T] 1\n"}, `m.tsv:7: S: a asciiz[] needs a length`},
		"rest not last":         {map[string]string{"m.tsv": req + "B\tbytes\t*\t\t\t[T] 1\nX\tu8\t\t\t\t[T] 1\n"}, `m.tsv:7: B runs to the end of the buffer, so it must be the last field`},
		"value too wide":        {map[string]string{"m.tsv": req + "X\tu8\t\t0x100\t\t[T] 1\n"}, `m.tsv:7: X: value "0x100": does not fit in 8 bits`},
		"check on wrong kind":   {map[string]string{"m.tsv": req + "X\tu8\t\t\tdefined\t[T] 1\n"}, `m.tsv:7: X: check "defined" does not apply to a u8 field`},
		"bad direction":         {map[string]string{"m.tsv": head("sideways") + "X\tu8\t\t\t\t[T] 1\n"}, `m.tsv: direction "sideways"`},
		"dispatch of a stranger": {map[string]string{"m.tsv": req, "d.tsv": "# table: dispatch\n# rop: RopX\n# ropid: 0x01\n# interface: RopXResponse\nreturnvalue\tmessage\tsection\n*\tM\t[T] 2\n"},
			`d.tsv:6: message "M" is no response of RopId 0x01`},
	}
	for name, tt := range tests {
		_, err := load(tt.files)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %s...", name, err, tt.want)
		}
	}
}

func TestLoadRejectsBadBitLayouts(t *testing.T) {
	head := "# table: bitfields\n# type: EC\nfield\tbits\tgo\ttype\tsection\n"
	tests := map[string]struct{ text, want string }{
		"gap":        {head + "S\t0\tFailure\tbool\t[T] 1\nCode\t2-31\tCodeNumber\tuint16\t[T] 1\n", `b.tsv:5: bits "2-31": want the next bits, from 1`},
		"short":      {head + "S\t0\tFailure\tbool\t[T] 1\n", `b.tsv: the fields cover bits 0 to 0, not 0 to 31`},
		"wide bool":  {head + "S\t0-1\tFailure\tbool\t[T] 1\n", `b.tsv:4: type "bool" does not fit 2 bits`},
		"too wide":   {head + "S\t0-31\tAll\tuint16\t[T] 1\n", `b.tsv:4: type "uint16" does not fit 32 bits`},
		"not a type": {strings.Replace(head, "EC", "Colour", 1) + "S\t0-31\tAll\tuint16\t[T] 1\n", `b.tsv: type "Colour" is not a namespace`},
		"no method":  {head + "S\t0\t-\tbool\t[T] 1\n", `b.tsv:4: go "-": want an exported method name`},
	}
	for name, tt := range tests {
		_, err := load(map[string]string{"b.tsv": tt.text})
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %s...", name, err, tt.want)
		}
	}
	_, err := load(map[string]string{"f.tsv": "# table: facilities\nname\tvalue\talias_of\tsection\nFACILITY_A\t9\t\t[T] 1\nFACILITY_B\t9\t\t[T] 1\n"})
	if err == nil || !strings.HasPrefix(err.Error(), "f.tsv:4: value 9 of FACILITY_B repeats FACILITY_A without alias_of") {
		t.Errorf("repeated facility: %v", err)
	}
}

func TestLoadRejectsBadValueChecks(t *testing.T) {
	consts := "# table: constants\nname\ttype\tvalue\tsection\nA\tguid\t000102030405060708090A0B0C0D0E0F\t[T] 1\nN\tu32\t0x7\t[T] 1\n"
	head := "# table: message\n# message: S\n# direction: struct\nfield\ttype\tvalue\tcheck\tsection\n"
	tests := map[string]struct {
		files map[string]string
		want  string
	}{
		"guid value of 15 bytes":   {map[string]string{"m.tsv": head + "G\tguid\t000102030405060708090A0B0C0D0E\t\t[T] 1\n"}, `m.tsv:5: G: value "000102030405060708090A0B0C0D0E": want 16 bytes in hex`},
		"in unknown constant":      {map[string]string{"c.tsv": consts, "m.tsv": head + "X\tu32\t\tin N B\t[T] 1\n"}, `m.tsv:5: X: check "in N B": B is not an integer constant`},
		"in guid for an integer":   {map[string]string{"c.tsv": consts, "m.tsv": head + "X\tu32\t\tin A\t[T] 1\n"}, `m.tsv:5: X: check "in A": A is not an integer constant`},
		"in integer for a guid":    {map[string]string{"c.tsv": consts, "m.tsv": head + "G\tguid\t\tin N\t[T] 1\n"}, `m.tsv:5: G: check "in N": N is not a guid constant`},
		"constant twice":           {map[string]string{"c.tsv": consts + "A\tu8\t1\t[T] 1\n"}, `c.tsv:5: constant "A" is not a new exported Go identifier`},
		"in string for an integer": {map[string]string{"c.tsv": consts + "S\tstring\tPING\t[T] 1\n", "m.tsv": head + "X\tu32\t\tin S\t[T] 1\n"}, `m.tsv:5: X: check "in S": S is not an integer constant that fits the field`},
		"empty string constant":    {map[string]string{"c.tsv": consts + "S\tstring\t\t[T] 1\n"}, `c.tsv:5: constant S: a string constant needs a value`},
	}
	for name, tt := range tests {
		_, err := load(tt.files)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %s...", name, err, tt.want)
		}
	}
}
