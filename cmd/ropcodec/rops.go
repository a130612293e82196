package main

import (
	"fmt"
	"strconv"
	"time"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
)

// ropNames names each RopId this command can decode, taken from the codec's
// own types so that no RopId is typed in here.
var ropNames = map[uint8]string{
	(*codec.RopLogonRequest)(nil).RopID():              "RopLogon",
	(*codec.RopReleaseRequest)(nil).RopID():            "RopRelease",
	(*codec.RopGetReceiveFolderRequest)(nil).RopID():   "RopGetReceiveFolder",
	(*codec.RopGetOwningServersRequest)(nil).RopID():   "RopGetOwningServers",
	(*codec.RopSetColumnsSuccessResponse)(nil).RopID(): "RopSetColumns",
	(*codec.RopBackoffResponse)(nil).RopID():           "RopBackoff",
	(*codec.RopBufferTooSmallResponse)(nil).RopID():    "RopBufferTooSmall",
}

// ropName returns "RopLogon" for 0xFE, or "RopId 0x05" for a RopId this
// command cannot decode.
func ropName(id uint8) string {
	if n, ok := ropNames[id]; ok {
		return n
	}
	return fmt.Sprintf("RopId 0x%02X", id)
}

// ropNode describes one decoded ROP: a title naming the ROP and its shape,
// and every field of the message. off is the ROP's offset in the input and n
// its size, so that the fields that run to the end of the ROP can be dumped
// with their offsets.
func ropNode(rop codec.Request, off, n int) node {
	var t node
	ret := func(c errors.EC) { t.add("ReturnValue", ecText(c)) }
	switch m := rop.(type) {
	case *codec.RopLogonRequest:
		t.title = "RopLogon request"
		t.add("LogonID", dec(m.LogonID))
		t.add("OutputHandleIndex", dec(m.OutputHandleIndex))
		t.addLit("LogonFlags", flagText(uint64(m.LogonFlags), 2, m.LogonFlags.String()))
		t.addLit("OpenFlags", flagText(uint64(m.OpenFlags), 8, m.OpenFlags.String()))
		t.add("StoreState", fmt.Sprintf("0x%08X", m.StoreState))
		t.addLit("Essdn", quote(m.Essdn))
	case *codec.RopLogonPrivateResponse:
		t.title = "RopLogon success response, private mailbox"
		t.add("OutputHandleIndex", dec(m.OutputHandleIndex))
		ret(0)
		t.addLit("LogonFlags", flagText(uint64(m.LogonFlags), 2, m.LogonFlags.String()))
		t.addKids("FolderIDs", "", folderIDs(m.FolderIDs, m.FolderName))
		t.addLit("ResponseFlags", flagText(uint64(m.ResponseFlags), 2, m.ResponseFlags.String()))
		t.add("MailboxGUID", m.MailboxGUID.String())
		t.add("ReplID", fmt.Sprintf("0x%04X", m.ReplID))
		t.add("ReplGUID", m.ReplGUID.String())
		t.add("LogonTime", logonTime(m.LogonTime))
		t.add("GwartTime", fmt.Sprintf("0x%016X", m.GwartTime))
		t.add("StoreState", fmt.Sprintf("0x%08X", m.StoreState))
		logonAction(&t, m)
	case *codec.RopLogonPublicResponse:
		t.title = "RopLogon success response, public folders"
		t.add("OutputHandleIndex", dec(m.OutputHandleIndex))
		ret(0)
		t.addLit("LogonFlags", flagText(uint64(m.LogonFlags), 2, m.LogonFlags.String()))
		t.addKids("FolderIDs", "", folderIDs(m.FolderIDs, m.FolderName))
		t.add("ReplID", fmt.Sprintf("0x%04X", m.ReplID))
		t.add("ReplGUID", m.ReplGUID.String())
		t.add("PerUserGUID", m.PerUserGUID.String())
		logonAction(&t, m)
	case *codec.RopLogonRedirectResponse:
		t.title = "RopLogon redirect response"
		t.add("OutputHandleIndex", dec(m.OutputHandleIndex))
		if ec, ok := m.Status().(errors.EC); ok {
			ret(ec)
		}
		t.addLit("LogonFlags", flagText(uint64(m.LogonFlags), 2, m.LogonFlags.String()))
		t.addLit("ServerName", quote(m.ServerName))
		logonAction(&t, m)
	case *codec.RopLogonFailureResponse:
		t.title = "RopLogon failure response"
		t.add("OutputHandleIndex", dec(m.OutputHandleIndex))
		ret(m.ReturnValue)
		logonAction(&t, m)
	case *codec.RopReleaseRequest:
		t.title = "RopRelease request"
		t.add("LogonID", dec(m.LogonID))
		t.add("InputHandleIndex", dec(m.InputHandleIndex))
	case *codec.RopGetReceiveFolderRequest:
		t.title = "RopGetReceiveFolder request"
		t.add("LogonID", dec(m.LogonID))
		t.add("InputHandleIndex", dec(m.InputHandleIndex))
		t.addLit("MessageClass", quote(m.MessageClass))
	case *codec.RopGetReceiveFolderSuccessResponse:
		t.title = "RopGetReceiveFolder success response"
		t.add("InputHandleIndex", dec(m.InputHandleIndex))
		ret(0)
		t.add("FolderID", fmt.Sprintf("0x%016X", m.FolderID))
		t.addLit("ExplicitMessageClass", quote(m.ExplicitMessageClass))
	case *codec.RopGetReceiveFolderFailureResponse:
		t.title = "RopGetReceiveFolder failure response"
		t.add("InputHandleIndex", dec(m.InputHandleIndex))
		ret(m.ReturnValue)
	case *codec.RopGetOwningServersRequest:
		t.title = "RopGetOwningServers request"
		t.add("LogonID", dec(m.LogonID))
		t.add("InputHandleIndex", dec(m.InputHandleIndex))
		t.add("FolderID", fmt.Sprintf("0x%016X", m.FolderID))
	case *codec.RopGetOwningServersSuccessResponse:
		t.title = "RopGetOwningServers success response"
		t.add("InputHandleIndex", dec(m.InputHandleIndex))
		ret(0)
		t.add("CheapServersCount", strconv.Itoa(int(m.CheapServersCount)))
		var list node
		for i, s := range m.OwningServers {
			list.f = append(list.f, field{label: index(i), value: quote(s), wrap: wrapLiteral})
		}
		t.addKids("OwningServers", plural(len(m.OwningServers), "string", "strings"), list)
	case *codec.RopGetOwningServersFailureResponse:
		t.title = "RopGetOwningServers failure response"
		t.add("InputHandleIndex", dec(m.InputHandleIndex))
		ret(m.ReturnValue)
	case *codec.RopSetColumnsSuccessResponse:
		t.title = "RopSetColumns success response"
		t.add("InputHandleIndex", dec(m.InputHandleIndex))
		ret(0)
		t.add("TableStatus", fmt.Sprintf("0x%02X", m.TableStatus))
	case *codec.RopSetColumnsFailureResponse:
		t.title = "RopSetColumns failure response"
		t.add("InputHandleIndex", dec(m.InputHandleIndex))
		ret(m.ReturnValue)
	case *codec.RopBackoffResponse:
		t.title = "RopBackoff response"
		t.add("LogonID", dec(m.LogonID))
		t.add("Duration", millis(m.Duration))
		var list node
		for i, b := range m.BackoffRopData {
			list.f = append(list.f, field{
				label: index(i),
				value: fmt.Sprintf("RopIDBackoff 0x%02X (%s), Duration %s", b.RopIDBackoff, ropName(b.RopIDBackoff), millis(b.Duration)),
			})
		}
		t.addKids("BackoffRopData", plural(len(m.BackoffRopData), "entry", "entries"), list)
		t.addKids("AdditionalData", plural(len(m.AdditionalData), "byte", "bytes"), hexDump(m.AdditionalData, off+n-len(m.AdditionalData))...)
	case *codec.RopBufferTooSmallResponse:
		t.title = "RopBufferTooSmall response"
		t.add("SizeNeeded", fmt.Sprintf("%d bytes (0x%04X)", m.SizeNeeded, m.SizeNeeded))
		base := off + n - len(m.RequestBuffers)
		kids := hexDump(m.RequestBuffers, base)
		// The ROPs the server did not run are requests; show them when they
		// decode, as a reader of a capture wants to know which ones they are.
		if w := walk(m.RequestBuffers, base, false, 0); w.err == nil && len(w.rops) > 0 {
			kids = append(kids, node{f: []field{{
				label: "As requests",
				value: plural(len(w.rops), "request", "requests"),
				kids:  []node{w.kids()},
			}}})
		}
		t.addKids("RequestBuffers", plural(len(m.RequestBuffers), "byte", "bytes"), kids...)
	default:
		// A ROP added to the codec after this command: every field still
		// appears, in Go syntax.
		t.title = fmt.Sprintf("%T", rop)
		t.addLit("Value", fmt.Sprintf("%+v", rop))
	}
	return t
}

// folderIDs lists the 13 FolderIds of a RopLogon success response, each
// with the name the document gives its slot.
func folderIDs(ids [13]uint64, name func(int) string) node {
	var n node
	for i, id := range ids {
		n.f = append(n.f, field{label: index(i), value: fmt.Sprintf("0x%016X %s", id, name(i))})
	}
	return n
}

// logonAction adds what a client does next after this RopLogon response, as
// errors.LogonActionFor classifies its status.
func logonAction(t *node, r codec.Response) {
	a := errors.LogonActionFor(r.Status())
	t.add("Logon action", logonActionText(a))
}

// logonActionText says what a client does after a RopLogon that returned a
// code with action a, in the words of spec/reconnect/logon-actions.tsv.
func logonActionText(a errors.LogonAction) string {
	return a.String() + ": " + a.Summary()
}

// ecText gives an EC by name and value.
func ecText(c errors.EC) string {
	if n := c.Code().Name(); n != "" {
		return fmt.Sprintf("%s (0x%08X)", n, uint32(c))
	}
	return fmt.Sprintf("0x%08X (not in the EC table)", uint32(c))
}

// flagText gives a flag field in hex (digits wide) and by its bit names.
func flagText(v uint64, digits int, names string) string {
	if v == 0 {
		names = "none"
	}
	return fmt.Sprintf("0x%0*X %s", digits, v, names)
}

// logonTime gives a LogonTime as a date, a time and the weekday the
// DayOfWeek field names. Fields out of range are shown as they are, and a
// DayOfWeek that disagrees with the date is pointed out.
func logonTime(t codec.LogonTime) string {
	s := fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d", t.Year, t.Month, t.Day, t.Hour, t.Minutes, t.Seconds)
	if t.DayOfWeek > 6 {
		return s + fmt.Sprintf(" (DayOfWeek %d is not a weekday)", t.DayOfWeek)
	}
	day := time.Weekday(t.DayOfWeek)
	s += " (" + day.String() + ")"
	if t.Month >= 1 && t.Month <= 12 && t.Day >= 1 {
		d := time.Date(int(t.Year), time.Month(t.Month), int(t.Day), 0, 0, 0, 0, time.UTC)
		if d.Day() == int(t.Day) && d.Weekday() != day {
			s += fmt.Sprintf("; the date is a %s", d.Weekday())
		}
	}
	return s
}

func dec(v uint8) string { return strconv.Itoa(int(v)) }

func millis(v uint32) string { return fmt.Sprintf("%d ms", v) }

func quote(s string) string { return strconv.Quote(s) }

// index labels element i of a list.
func index(i int) string { return "[" + strconv.Itoa(i) + "]" }
