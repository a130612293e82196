package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ropcodec/ropcodec/codec"
)

const entryidUsage = `Usage: ropcodec entryid HEX|-|@FILE
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

Input: hex bytes as for ropcodec decode. build prints the EntryID in hex,
16 bytes a line, ready to be decoded again.

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
	operands, status, done := operandsOnly(args, "entryid", entryidUsage, stdout, stderr)
	if done {
		return status
	}
	b, err := readHexInput(operands, stdin)
	if err != nil {
		return usage(stderr, "entryid", err.Error())
	}
	n, err := entryIDNode(b)
	render(stdout, n, 0)
	if err != nil {
		fmt.Fprintf(stderr, "ropcodec entryid: %s\n", errText(err))
		return 1
	}
	return 0
}

// entryIDNode decodes b as a Store EntryID and describes it; on failure it
// returns what decoded and the error, whose offsets count from the start of b.
func entryIDNode(b []byte) (node, error) {
	var e codec.StoreEntryID
	if err := e.UnmarshalBinary(b); err != nil {
		return node{title: fmt.Sprintf("Store Object EntryID (%s): bad input", plural(len(b), "byte", "bytes"))}, err
	}
	n := node{title: fmt.Sprintf("Store Object EntryID (%s)", plural(len(b), "byte", "bytes"))}
	store := "public folder store"
	if e.WrappedProviderUID == codec.MailboxStoreProviderUID {
		store = "mailbox store"
	}
	n.add("Store", fmt.Sprintf("%s (WrappedProviderUID %s)", store, e.WrappedProviderUID))
	n.add("WrappedType", fmt.Sprintf("0x%08X (%s)", e.WrappedType, e.WrappedTypeFlags()))
	n.addLit("ServerShortname", strconv.Quote(e.ServerShortname))
	if e.MailboxDN == "" && e.WrappedTypeFlags()&codec.OpenStorePublic != 0 {
		n.add("MailboxDN", "none (a public store)")
	} else {
		n.addLit("MailboxDN", strconv.Quote(e.MailboxDN))
	}
	// Tail returns the strings it could read even when its Size, offsets
	// or reserved bytes disagree with them: print them, then the error.
	tail, err := e.Tail()
	if tail.Version != 0 {
		n.add("Version", strconv.Itoa(tail.Version))
	}
	switch tail.Version {
	case 2:
		n.addLit("ServerDN", strconv.Quote(tail.ServerDN))
		n.addLit("ServerFQDN", strconv.Quote(tail.ServerFQDN))
	case 3:
		n.addLit("SMTPAddress", strconv.Quote(tail.SMTPAddress))
	}
	if err != nil {
		return n, shift(err, len(b)-len(e.Extension))
	}
	return n, nil
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
