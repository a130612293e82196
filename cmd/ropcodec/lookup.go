package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ropcodec/ropcodec/errors"
)

const lookupUsage = `Usage: ropcodec lookup [--json] VALUE|NAME...

Looks up status codes by value or by name and prints, for each namespace in
which the value has a name (EC, Win32, HRESULT, NTSTATUS, LDAPResult,
XResponseCode), its
canonical name and other names, the document section, the table's summary,
and what the tables say a client does on it:
  EC          the action after a RopLogon that returns it ([MS-OXCSTOR]
              3.1.5.1): Redirect, Rediscover, MailboxInTransit,
              ServerPaused, Succeeded
  Win32       whether an [MS-CMRP] client of protocol version 2 and/or 3
              reconnects to the cluster and reissues the method (3.2.4.6,
              with note <227> for the Windows versions of version 2)
  LDAPResult  the Win32 code [MS-ERREF] 2.4 maps it to
  XResponseCode
              the action of a MAPI over HTTP client after an X-ResponseCode
              header with the value ([MS-OXCMAPIHTTP] 2.2.3.3.3, 4.4):
              Succeeded, Ignore, Reconnect, Retry, Backoff, Fail

A value is also broken down as an HRESULT ([MS-ERREF] 2.1: severity,
facility, code, other bits) when it is a named HRESULT, when its S (failure)
bit is set and it is not a named NTSTATUS, or when no namespace names it. A
FACILITY_WIN32 failure is resolved to its Win32 code ([MS-ERREF] 2.1.2), so
0x800706BA shows RPC_S_SERVER_UNAVAILABLE; a value with the N bit set is
resolved to its NTSTATUS (HRESULT_FROM_NT), so 0xD0000022 shows
STATUS_ACCESS_DENIED. A code that no table names is said to be unnamed.

VALUE is hex with a 0x prefix (0x478), hex digits with a-f among them
(800706BA), a signed decimal 32-bit integer (-2147023174, read as
0x800706BA), or bare decimal digits. Bare digits are read both as decimal
and as hex, each reading shown and labelled, when both fit in 32 bits and
differ (1722 is 0x000006BA and 0x00001722); a leading zero is never octal.
NAME is any document name, alias or canonical, in any letter case
(ecwrongserver, WrongServer); a name used in several namespaces is shown in
each.

Flags:
  --json  print a JSON array with one object per operand, and per
          reading of bare digits:
            query        the operand as given
            read_as      decimal or hex, for bare digits read both ways
            value        the value (numbers only; per code for names)
            hex          the value as 0x%08X
            known        true when some table names it
            codes        one object per namespace that names the value:
              namespace, value, hex, name (canonical), names (all,
              canonical first), matched_name and alias (name queries),
              section, summary, secondary_source, logon_action (EC, not
              for Fail), xresponse_action (XResponseCode),
              cmrp_reconnect (Win32: version2, version3, section,
              windows_nt, windows_2000, windows_xp_2003),
              ldap_win32 (LDAPResult: a code object of the Win32 code)
            hresult      the HRESULT breakdown, when shown: value, hex,
                         failure, customer, ntstatus_bit, reserved_r,
                         reserved_x, facility, facility_name, code_number,
                         win32 (a code object, for FACILITY_WIN32),
                         ntstatus (a code object, for the N bit)
          Fields that do not apply are left out.

Exit status: 0 every operand was found (in one of its readings at least), 1
some value or name is known to no table (the breakdown is still printed), 2
usage error.
`

// lookupResult is the answer for one operand; its JSON form is documented in
// lookupUsage.
type lookupResult struct {
	Query   string       `json:"query"`
	ReadAs  string       `json:"read_as,omitempty"`
	Value   *uint32      `json:"value,omitempty"`
	Hex     string       `json:"hex,omitempty"`
	Known   bool         `json:"known"`
	Codes   []codeInfo   `json:"codes"`
	HRESULT *hresultInfo `json:"hresult,omitempty"`
}

type codeInfo struct {
	Namespace       string    `json:"namespace"`
	Value           uint32    `json:"value"`
	Hex             string    `json:"hex"`
	Name            string    `json:"name,omitempty"`
	Names           []string  `json:"names,omitempty"`
	MatchedName     string    `json:"matched_name,omitempty"`
	Alias           bool      `json:"alias,omitempty"`
	Section         string    `json:"section,omitempty"`
	Summary         string    `json:"summary,omitempty"`
	SecondarySource string    `json:"secondary_source,omitempty"`
	LogonAction     string    `json:"logon_action,omitempty"`
	XResponseAction string    `json:"xresponse_action,omitempty"`
	CMRPReconnect   *cmrpInfo `json:"cmrp_reconnect,omitempty"`
	LDAPWin32       *codeInfo `json:"ldap_win32,omitempty"`
	logonAction     errors.LogonAction
	xResponseAction errors.XResponseAction
}

type cmrpInfo struct {
	Version2      bool   `json:"version2"`
	Version3      bool   `json:"version3"`
	Section       string `json:"section,omitempty"`
	WindowsNT     bool   `json:"windows_nt"`
	Windows2000   bool   `json:"windows_2000"`
	WindowsXP2003 bool   `json:"windows_xp_2003"`
}

type hresultInfo struct {
	Value        uint32    `json:"value"`
	Hex          string    `json:"hex"`
	Failure      bool      `json:"failure"`
	Customer     bool      `json:"customer"`
	NTSTATUSBit  bool      `json:"ntstatus_bit"`
	ReservedR    bool      `json:"reserved_r"`
	ReservedX    bool      `json:"reserved_x"`
	Facility     uint16    `json:"facility"`
	FacilityName string    `json:"facility_name"`
	CodeNumber   uint16    `json:"code_number"`
	Win32        *codeInfo `json:"win32,omitempty"`
	NTSTATUS     *codeInfo `json:"ntstatus,omitempty"`
}

// names reports whether the breakdown names a code: the Win32 code of a
// FACILITY_WIN32 value or the NTSTATUS of a value with the N bit.
func (h *hresultInfo) names() bool {
	return h != nil && (h.Win32 != nil && h.Win32.Name != "" || h.NTSTATUS != nil && h.NTSTATUS.Name != "")
}

func runLookup(args []string, stdout, stderr io.Writer) int {
	asJSON := false
	operands, status, done := parseArgs(args, "lookup", lookupUsage, stdout, stderr, func(p *argParser) (bool, string) {
		asJSON = asJSON || p.flag == "json"
		return p.flag == "json", p.noValue()
	})
	if done {
		return status
	}
	if len(operands) == 0 {
		return usage(stderr, "lookup", "give a value or a name")
	}
	var results []lookupResult
	for _, q := range operands {
		rs, err := lookup(q)
		if err != nil {
			return usage(stderr, "lookup", err.Error())
		}
		results = append(results, rs...)
		if !slices.ContainsFunc(rs, func(r lookupResult) bool { return r.Known }) {
			status = 1
			msg := fmt.Sprintf("ropcodec lookup: %s: no table knows it", q)
			// A name made of hex digits only (DEADBEEF) may be a value.
			if rs[0].Value == nil && isHexWord(q) {
				msg += fmt.Sprintf("; for a hex value, write 0x%s", q)
			}
			fmt.Fprintln(stderr, msg)
		}
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false) // "note <227>" as written
		enc.SetIndent("", "  ")
		if err := enc.Encode(results); err != nil {
			fmt.Fprintf(stderr, "ropcodec lookup: %v\n", err)
			return 1
		}
		return status
	}
	for i, r := range results {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		render(stdout, r.node(), 0)
	}
	return status
}

// lookup answers one operand, with one result per reading of it (two for
// bare digits that read as decimal and as hex). Only an operand that is
// neither a name nor a well-formed 32-bit number is an error.
func lookup(q string) ([]lookupResult, error) {
	readings, isNum, err := parseReadings(q)
	if err != nil {
		return nil, err
	}
	if !isNum {
		return []lookupResult{lookupName(q)}, nil
	}
	out := make([]lookupResult, 0, len(readings))
	for _, rd := range readings {
		out = append(out, lookupValue(q, rd))
	}
	return out, nil
}

// lookupValue answers one reading of a numeric operand.
func lookupValue(q string, rd numReading) lookupResult {
	v := rd.value
	r := lookupResult{Query: q, ReadAs: rd.as, Codes: []codeInfo{}}
	{
		r.Value, r.Hex = &v, hex32(v)
		for _, ns := range errors.Namespaces() {
			if c := (errors.Code{Namespace: ns, Value: v}); c.Known() {
				r.Codes = append(r.Codes, info(c))
			}
		}
		// An NTSTATUS has its own severity bits; read as an HRESULT it
		// would only mislead.
		h := errors.HRESULT(v)
		nt := errors.NTSTATUS(v).Code().Known()
		if h.Code().Known() || h.Failure() && !nt || len(r.Codes) == 0 {
			r.HRESULT = breakdown(h)
		}
	}
	r.Known = len(r.Codes) > 0 || r.HRESULT.names()
	return r
}

// lookupName answers a name operand.
func lookupName(q string) lookupResult {
	r := lookupResult{Query: q, Codes: []codeInfo{}}
	for _, m := range errors.LookupName(q) {
		ci := info(m.Code)
		ci.MatchedName, ci.Alias = m.Name, m.Alias
		r.Codes = append(r.Codes, ci)
		if m.Code.Namespace == errors.NamespaceHRESULT && r.HRESULT == nil {
			r.HRESULT = breakdown(errors.HRESULT(m.Code.Value))
		}
	}
	r.Known = len(r.Codes) > 0
	return r
}

func hex32(v uint32) string { return fmt.Sprintf("0x%08X", v) }

// info collects what the tables say about a known code.
func info(c errors.Code) codeInfo {
	ci := codeInfo{
		Namespace:       c.Namespace.String(),
		Value:           c.Value,
		Hex:             hex32(c.Value),
		Name:            c.Name(),
		Names:           c.Names(),
		Section:         c.Section(),
		Summary:         c.Summary(),
		SecondarySource: c.SecondarySource(),
	}
	switch c.Namespace {
	case errors.NamespaceEC:
		if a := errors.LogonActionFor(errors.EC(c.Value)); a != errors.LogonFail {
			ci.LogonAction, ci.logonAction = a.String(), a
		}
	case errors.NamespaceXResponseCode:
		a := errors.XResponseActionFor(errors.XResponseCode(c.Value))
		ci.XResponseAction, ci.xResponseAction = a.String(), a
	case errors.NamespaceWin32:
		ci.CMRPReconnect = cmrp(errors.Win32(c.Value))
	case errors.NamespaceLDAPResult:
		if w, ok := errors.LDAPResult(c.Value).Win32(); ok {
			wi := info(w.Code())
			ci.LDAPWin32 = &wi
		}
	}
	return ci
}

// cmrp says whether an [MS-CMRP] client reconnects on w, or nil when no
// protocol version does.
func cmrp(w errors.Win32) *cmrpInfo {
	v2, v3 := errors.ShouldReconnectCMRP(2, w), errors.ShouldReconnectCMRP(3, w)
	if !v2 && !v3 {
		return nil
	}
	ci := &cmrpInfo{Version2: v2, Version3: v3}
	for _, row := range errors.CMRPReconnectCodes() {
		if row.Code == w {
			ci.Section = row.Section
			ci.WindowsNT, ci.Windows2000, ci.WindowsXP2003 = row.WindowsNT, row.Windows2000, row.WindowsXP2003
		}
	}
	return ci
}

// breakdown reads h's fields ([MS-ERREF] 2.1), and the code h stands for:
// the Win32 code of a FACILITY_WIN32 failure (HRESULT_FROM_WIN32, [MS-ERREF]
// 2.1.2), the NTSTATUS of a value with the N bit set (HRESULT_FROM_NT).
func breakdown(h errors.HRESULT) *hresultInfo {
	hi := &hresultInfo{
		Value:        uint32(h),
		Hex:          hex32(uint32(h)),
		Failure:      h.Failure(),
		Customer:     h.Customer(),
		NTSTATUSBit:  h.NTSTATUSBit(),
		ReservedR:    h.ReservedR(),
		ReservedX:    h.ReservedX(),
		Facility:     uint16(h.Facility()),
		FacilityName: h.Facility().String(),
		CodeNumber:   h.CodeNumber(),
	}
	if w, ok := h.Win32(); ok {
		wi := info(w.Code())
		hi.Win32 = &wi
	}
	if nt, ok := h.NTSTATUS(); ok {
		ni := info(nt.Code())
		hi.NTSTATUS = &ni
	}
	return hi
}

// node lays the result out for a terminal.
func (r lookupResult) node() node {
	var t node
	if r.Value != nil {
		v := *r.Value
		t.title = fmt.Sprintf("%s = %d", r.Hex, v)
		if int32(v) < 0 {
			t.title += fmt.Sprintf(" = %d as a signed 32-bit integer", int32(v))
		}
		if r.ReadAs != "" { // the operand on its own line, the value under it
			t.add("", t.title)
			t.title = fmt.Sprintf("%s read as %s", r.Query, r.ReadAs)
		}
	} else {
		t.title = r.Query
		if len(r.Codes) > 0 {
			t.title = r.Codes[0].MatchedName
		}
	}
	if len(r.Codes) == 0 {
		var names []string
		for _, ns := range errors.Namespaces() {
			names = append(names, ns.String())
		}
		what := "name for this value"
		if r.Value == nil {
			what = "such name"
		}
		t.add("", fmt.Sprintf("No %s in %s or %s.", what, strings.Join(names[:len(names)-1], ", "), names[len(names)-1]))
	}
	for _, c := range r.Codes {
		t.f = append(t.f, field{label: "", value: c.title(), kids: []node{c.node()}})
	}
	if h := r.HRESULT; h != nil {
		t.f = append(t.f, field{value: "As an HRESULT ([MS-ERREF] 2.1)", kids: []node{h.node()}})
	}
	return t
}

func (c codeInfo) title() string {
	if c.Name == "" {
		return fmt.Sprintf("%s %s, no name in the table", c.Namespace, c.Hex)
	}
	return fmt.Sprintf("%s %s (%s)", c.Namespace, c.Name, c.Hex)
}

func (c codeInfo) node() node {
	var t node
	if len(c.Names) > 1 {
		t.addList("Also named", strings.Join(c.Names[1:], ", "))
	}
	t.addList("Section", c.Section)
	if c.Summary != "" {
		t.add("Summary", c.Summary)
	}
	if c.SecondarySource != "" {
		t.add("Value from", c.SecondarySource)
	}
	if c.LogonAction != "" {
		t.add("After RopLogon", logonActionText(c.logonAction))
	}
	if c.XResponseAction != "" {
		t.add("MAPI/HTTP client", xResponseActionText(c.xResponseAction))
	}
	if m := c.CMRPReconnect; m != nil {
		t.add("[MS-CMRP]", m.text())
		if m.Version2 {
			t.add("Note <227>", m.note227())
		}
	}
	if w := c.LDAPWin32; w != nil {
		name := w.Name
		if name == "" {
			name = "no name in the Win32 table"
		}
		t.add("Win32", fmt.Sprintf("%s (%s), the mapping of [MS-ERREF] 2.4", name, w.Hex))
	}
	return t
}

func (m *cmrpInfo) text() string {
	var v string
	switch {
	case m.Version2 && m.Version3:
		v = "protocol versions 2 and 3"
	case m.Version2:
		v = "protocol version 2 only"
	default:
		v = "protocol version 3 only"
	}
	s := "a client reconnects to the cluster and reissues the method, in " + v
	if m.Section != "" {
		s += " (" + m.Section + ")"
	}
	return s
}

func (m *cmrpInfo) note227() string {
	var w []string
	if m.WindowsNT {
		w = append(w, "Windows NT")
	}
	if m.Windows2000 {
		w = append(w, "Windows 2000")
	}
	if m.WindowsXP2003 {
		w = append(w, "Windows XP/Server 2003")
	}
	switch len(w) {
	case 0:
		return "no Windows version 2 client reconnects on it"
	case 1:
		return "of the Windows version 2 clients, only that of " + w[0] + " reconnects on it"
	}
	return "the version 2 clients of " + strings.Join(w[:len(w)-1], ", ") + " and " + w[len(w)-1] + " reconnect on it"
}

func (h *hresultInfo) node() node {
	var t node
	if h.Failure {
		t.add("Severity", "failure (S bit set)")
	} else {
		t.add("Severity", "success (S bit clear)")
	}
	if f := fmt.Sprintf("FACILITY(%d)", h.Facility); h.FacilityName == f {
		t.add("Facility", fmt.Sprintf("%d, no name in the facility table", h.Facility))
	} else {
		t.add("Facility", fmt.Sprintf("%s (%d)", h.FacilityName, h.Facility))
	}
	t.add("Code", fmt.Sprintf("0x%04X (%d)", h.CodeNumber, h.CodeNumber))
	var bits []string
	if h.Customer {
		bits = append(bits, "C (customer-defined)")
	}
	if h.NTSTATUSBit {
		bits = append(bits, "N (an NTSTATUS with the N bit added)")
	}
	if h.ReservedR {
		bits = append(bits, "R (reserved)")
	}
	if h.ReservedX {
		bits = append(bits, "X (reserved)")
	}
	if len(bits) > 0 {
		t.add("Bits set", strings.Join(bits, ", "))
	}
	if w := h.Win32; w != nil {
		t.f = append(t.f, derived("Win32", w, "as HRESULT_FROM_WIN32 makes it ([MS-ERREF] 2.1.2)"))
	}
	if n := h.NTSTATUS; n != nil {
		t.f = append(t.f, derived("NTSTATUS", n, "with the N bit added, as HRESULT_FROM_NT makes it ([MS-ERREF] 2.1)"))
	}
	return t
}

// derived is the field of the code an HRESULT stands for, how says how the
// HRESULT is made of it. A code that its namespace does not name says so.
func derived(label string, c *codeInfo, how string) field {
	if c.Name == "" {
		return field{label: label, value: fmt.Sprintf("%s (%d), which no %s table names; the HRESULT is this code %s", c.Hex, c.Value, c.Namespace, how)}
	}
	return field{label: label, value: fmt.Sprintf("%s (%s), %s", c.Name, c.Hex, how), kids: []node{c.node()}}
}
