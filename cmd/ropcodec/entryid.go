package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ropcodec/ropcodec/codec"
)

const entryidUsage = `Usage: ropcodec entryid [--json] [--binary] [--max-input SIZE] HEX|-|@FILE
       ropcodec entryid build --server NAME --mailbox DN
                              [--server-dn DN --fqdn FQDN | --smtp ADDRESS]
       ropcodec entryid build --public --server NAME [--mailbox DN]
                              [--server-dn DN --fqdn FQDN]

Decodes a Store Object EntryID ([MS-OXCDATA] 2.2.4.3) and the v2 or v3 tail
that Outlook 2003 and later add to it (server DN and FQDN, or SMTP address;
described by Microsoft's MFCMAPI, not by an Open Specification), or builds
one as Outlook writes it. A v2 EntryID names the store's server in full, so
that a client can connect to it without being redirected.

WrappedType is printed with the OPENSTORE_* bits it is made of (EdkMdb.h):
0x0C (HOME_LOGON|TAKE_OWNERSHIP) for a mailbox and 0x06 (PUBLIC|HOME_LOGON)
for a public store, as the document has them, or other values Outlook wrote.
A public store's EntryID may have no MailboxDN.

Input: bytes as for ropcodec decode (hex, dumps, byte arrays, base64 or
binary). build prints the EntryID in hex, 16 bytes a line, ready to be
decoded again.

Flags:
  --json            print a JSON object: size, store ("mailbox store" or
                    "public folder store"), wrapped_provider_uid,
                    wrapped_type, wrapped_type_hex, wrapped_type_flags,
                    server_shortname, mailbox_dn (left out for a public
                    store without one), version (1, 2 or 3), server_dn
                    and server_fqdn (v2), smtp_address (v3), and
                    error, why the input does not decode, as on standard
                    error. Members that do not apply or did not decode are
                    left out. Members may be added; none is renamed or
                    changes its type.
  --binary          the input is binary bytes, not text
  --max-input SIZE  read at most SIZE bytes; default 64M

Flags of build:
  --server NAME     short (NetBIOS) name of the store's server; required
  --mailbox DN      the mailbox's DN (legacyExchangeDN); required for a mailbox
  --public          build the EntryID of the server's public folder store
  --server-dn DN    with --fqdn: build a v2 EntryID carrying the server's DN
  --fqdn FQDN       with --server-dn: and its fully qualified domain name
  --smtp ADDRESS    build a v3 EntryID carrying the mailbox's SMTP address

Exit status: 0 done, 1 malformed EntryID, 2 usage error.
`

func runEntryID(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "build" {
		return runEntryIDBuild(args[1:], stdout, stderr)
	}
	var o inputOptions
	asJSON := false
	operands, status, done := parseArgs(args, "entryid", entryidUsage, stdout, stderr, func(p *argParser) (bool, string) {
		if p.flag == "json" {
			asJSON = true
			return true, p.noValue()
		}
		return o.flag(p)
	})
	if done {
		return status
	}
	in, err := readInput(operands, stdin, o)
	if err != nil {
		return usage(stderr, "entryid", err.Error())
	}
	e, err := entryIDOf(in.bytes)
	if asJSON {
		if err != nil {
			e.Error = errText(err)
		}
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if werr := enc.Encode(e); werr != nil {
			fmt.Fprintf(stderr, "ropcodec entryid: writing the output: %v\n", werr)
			return 1
		}
	} else {
		render(stdout, e.node(), 0)
	}
	if err != nil {
		fmt.Fprintf(stderr, "ropcodec entryid: %s\n", errText(err))
		return 1
	}
	return 0
}

// entryIDInfo is a decoded Store EntryID as entryid shows it; its JSON form
// is documented in entryidUsage.
type entryIDInfo struct {
	Size               int     `json:"size"`
	decoded            bool    // the EntryID up to its tail decoded
	Store              string  `json:"store,omitempty"`
	WrappedProviderUID string  `json:"wrapped_provider_uid,omitempty"`
	WrappedType        *uint32 `json:"wrapped_type,omitempty"`
	WrappedTypeHex     string  `json:"wrapped_type_hex,omitempty"`
	WrappedTypeFlags   string  `json:"wrapped_type_flags,omitempty"`
	ServerShortname    *string `json:"server_shortname,omitempty"`
	MailboxDN          *string `json:"mailbox_dn,omitempty"`
	Version            int     `json:"version,omitempty"`
	ServerDN           *string `json:"server_dn,omitempty"`
	ServerFQDN         *string `json:"server_fqdn,omitempty"`
	SMTPAddress        *string `json:"smtp_address,omitempty"`
	Error              string  `json:"error,omitempty"`
}

// entryIDOf decodes b as a Store EntryID; on failure it returns what
// decoded and the error, whose offsets count from the start of b.
func entryIDOf(b []byte) (entryIDInfo, error) {
	info := entryIDInfo{Size: len(b)}
	var e codec.StoreEntryID
	if err := e.UnmarshalBinary(b); err != nil {
		return info, err
	}
	info.decoded = true
	info.Store = "public folder store"
	if e.WrappedProviderUID == codec.MailboxStoreProviderUID {
		info.Store = "mailbox store"
	}
	wt := e.WrappedType
	info.WrappedProviderUID = e.WrappedProviderUID.String()
	info.WrappedType, info.WrappedTypeHex, info.WrappedTypeFlags = &wt, fmt.Sprintf("0x%08X", wt), e.WrappedTypeFlags().String()
	info.ServerShortname = &e.ServerShortname
	if e.MailboxDN != "" || e.WrappedTypeFlags()&codec.OpenStorePublic == 0 {
		info.MailboxDN = &e.MailboxDN
	}
	// Tail returns the strings it could read even when its Size, offsets
	// or reserved bytes disagree with them: show them, then the error.
	tail, err := e.Tail()
	info.Version = tail.Version
	switch tail.Version {
	case 2:
		info.ServerDN, info.ServerFQDN = &tail.ServerDN, &tail.ServerFQDN
	case 3:
		info.SMTPAddress = &tail.SMTPAddress
	}
	if err != nil {
		return info, shift(err, len(b)-len(e.Extension))
	}
	return info, nil
}

// node describes the EntryID for the text output.
func (e entryIDInfo) node() node {
	n := node{title: fmt.Sprintf("Store Object EntryID (%s)", plural(e.Size, "byte", "bytes"))}
	if !e.decoded {
		n.title += ": bad input"
		return n
	}
	n.add("Store", fmt.Sprintf("%s (WrappedProviderUID %s)", e.Store, e.WrappedProviderUID))
	n.add("WrappedType", fmt.Sprintf("%s (%s)", e.WrappedTypeHex, e.WrappedTypeFlags))
	n.addLit("ServerShortname", strconv.Quote(*e.ServerShortname))
	if e.MailboxDN == nil {
		n.add("MailboxDN", "none (a public store)")
	} else {
		n.addLit("MailboxDN", strconv.Quote(*e.MailboxDN))
	}
	if e.Version != 0 {
		n.add("Version", strconv.Itoa(e.Version))
	}
	for _, s := range []struct {
		label string
		v     *string
	}{{"ServerDN", e.ServerDN}, {"ServerFQDN", e.ServerFQDN}, {"SMTPAddress", e.SMTPAddress}} {
		if s.v != nil {
			n.addLit(s.label, strconv.Quote(*s.v))
		}
	}
	return n
}

func runEntryIDBuild(args []string, stdout, stderr io.Writer) int {
	vals := map[string]string{}
	p := argParser{args: args}
	for p.next() {
		switch p.flag {
		case "":
			return usage(stderr, "entryid", fmt.Sprintf("build takes flags only, not %q", p.arg))
		case "h", "help":
			fmt.Fprint(stdout, entryidUsage)
			return 0
		case "public":
			if p.hasValue {
				return usage(stderr, "entryid", "--public takes no value")
			}
			vals[p.flag] = ""
		case "server", "mailbox", "server-dn", "fqdn", "smtp":
			v, ok := p.value()
			if !ok {
				return usage(stderr, "entryid", fmt.Sprintf("--%s needs a value", p.flag))
			}
			vals[p.flag] = v
		default:
			return usage(stderr, "entryid", fmt.Sprintf("unknown flag %s", p.arg))
		}
	}
	server, mailbox := vals["server"], vals["mailbox"]
	_, public := vals["public"]
	_, v2dn := vals["server-dn"]
	_, v2fqdn := vals["fqdn"]
	_, v3 := vals["smtp"]
	switch {
	case server == "" || (mailbox == "" && !public):
		return usage(stderr, "entryid", "build needs --server, and --mailbox unless --public")
	case v3 && public:
		return usage(stderr, "entryid", "--smtp (v3) carries a mailbox's address, not a public store's")
	case v3 && (v2dn || v2fqdn):
		return usage(stderr, "entryid", "--smtp (v3) excludes --server-dn and --fqdn (v2)")
	case v2dn != v2fqdn:
		return usage(stderr, "entryid", "a v2 EntryID needs both --server-dn and --fqdn")
	}
	e := codec.NewStoreEntryID(server, mailbox)
	if public {
		e = codec.NewPublicStoreEntryID(server)
		e.MailboxDN = mailbox
	}
	var err error
	switch {
	case v2dn:
		err = e.SetV2Tail(vals["server-dn"], vals["fqdn"])
	case v3:
		err = e.SetV3Tail(vals["smtp"])
	}
	var b []byte
	if err == nil {
		b, err = e.MarshalBinary()
	}
	if err != nil {
		return usage(stderr, "entryid", err.Error())
	}
	for len(b) > 0 {
		line := b[:min(16, len(b))]
		b = b[len(line):]
		fmt.Fprintln(stdout, strings.ToUpper(fmt.Sprintf("% x", line)))
	}
	return 0
}
