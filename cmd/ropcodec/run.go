package main

import (
	"fmt"
	"io"
	"strings"
)

const mainUsage = `ropcodec looks up Microsoft protocol status codes and decodes ROP buffers.

Usage:
  ropcodec lookup [--json] VALUE|NAME...
  ropcodec decode [--as rpc|buffer|list|rop|aux|mapihttp-request|
                  mapihttp-response] [--request|--response]
                  [--request-type TYPE] [--logon public|private] [--json]
                  [--binary] [--max-input SIZE] HEX|-|@FILE
  ropcodec decode --har FILE [--json] [--max-input SIZE]
  ropcodec decode --session [--json] [--binary] [--max-input SIZE]
                  IN OUT [IN OUT ...]
  ropcodec decode --session --har FILE [--json] [--max-input SIZE]
  ropcodec decode --example NAME
  ropcodec entryid [--json] HEX|-|@FILE
  ropcodec entryid build --server NAME --mailbox DN [...]
  ropcodec example [NAME]
  ropcodec version
  ropcodec help [COMMAND]

Commands:
  lookup   name a code in every namespace that has it (EC, Win32, HRESULT,
           NTSTATUS, LDAPResult), break an HRESULT into its fields, and say
           what a client does on it
  decode   decode a RopLogon request or response, any supported ROP, a
           RopsList, a ROP input or output buffer, RPC_HEADER_EXT-framed
           payloads, an auxiliary buffer's AUX blocks, a MAPI/HTTP request
           or response (with or without its HTTP header), or the MAPI/HTTP
           entries of a HAR file, from hex, dumps, byte arrays, base64 or
           binary; with several buffers, or a HAR file, the requests and
           responses of a session in pairs, each response decoded in the
           context of the calls before it
  entryid  decode a Store Object EntryID (v1, v2 with the server's DN and
           FQDN, v3 with an SMTP address), or build one to pin a server
  example  list the built-in examples, or print one as annotated hex
  version  print the module version the command was built from

Try:
  ropcodec decode --example redirect
  ropcodec lookup 0x800706BA ecWrongServer LDAP_SERVER_DOWN

Exit status:
  0  success
  1  lookup: a value or name that no table knows; decode, entryid:
     malformed input
  2  usage error: unknown command or flag, missing operand, input that
     cannot be read as bytes or is larger than --max-input, unreadable file

Run 'ropcodec help COMMAND' for the flags and output of a command.
`

const helpUsage = `Usage: ropcodec help [COMMAND]

Without COMMAND, prints the commands of ropcodec and its exit statuses. With
COMMAND (lookup, decode, entryid, example, version, help), prints that
command's usage, flags and output. "ropcodec COMMAND --help" does the same.

Exit status: 0 success, 2 usage error (an unknown command).
`

// run is the command: args are the arguments after the program name. It
// writes the answer to stdout and errors to stderr, and returns the exit
// status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, mainUsage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "lookup":
		return runLookup(rest, stdout, stderr)
	case "decode":
		return runDecode(rest, stdin, stdout, stderr)
	case "entryid":
		return runEntryID(rest, stdin, stdout, stderr)
	case "example":
		return runExample(rest, stdout, stderr)
	case "version":
		return runVersion(rest, stdout, stderr)
	case "help", "-h", "-help", "--help":
		if len(rest) == 0 {
			fmt.Fprint(stdout, mainUsage)
			return 0
		}
		if len(rest) > 1 {
			return usage(stderr, "help", "one command at a time")
		}
		switch rest[0] {
		case "lookup":
			fmt.Fprint(stdout, lookupUsage)
		case "decode":
			fmt.Fprint(stdout, decodeUsage)
		case "entryid":
			fmt.Fprint(stdout, entryidUsage)
		case "example":
			fmt.Fprint(stdout, exampleUsage)
		case "version":
			fmt.Fprint(stdout, versionUsage)
		case "help":
			fmt.Fprint(stdout, helpUsage)
		default:
			return usage(stderr, "help", fmt.Sprintf("no command %q", rest[0]))
		}
		return 0
	}
	return usage(stderr, "", fmt.Sprintf("unknown command %q", cmd))
}

// usage reports a usage error of cmd and returns exit status 2.
func usage(stderr io.Writer, cmd, msg string) int {
	if cmd == "" {
		fmt.Fprintf(stderr, "ropcodec: %s\nRun 'ropcodec help' for usage.\n", msg)
	} else {
		fmt.Fprintf(stderr, "ropcodec %s: %s\nRun 'ropcodec help %s' for usage.\n", cmd, msg, cmd)
	}
	return 2
}

// argParser reads the arguments of a subcommand, flags and operands in any
// order: -flag, --flag, --flag=value or --flag value; "--" ends the flags;
// "-" and negative numbers such as -2147023174 are operands.
type argParser struct {
	args     []string
	i        int
	noFlags  bool
	arg      string // the argument just read
	flag     string // its flag name without dashes, or "" for an operand
	val      string // the value after '=', if hasValue
	hasValue bool
	operands []string
}

// next reads the next argument; it returns false when there are none.
func (p *argParser) next() bool {
	if p.i >= len(p.args) {
		return false
	}
	p.arg = p.args[p.i]
	p.i++
	p.flag, p.val, p.hasValue = "", "", false
	a := p.arg
	switch {
	case p.noFlags || a == "-" || !strings.HasPrefix(a, "-"):
		return true
	case a == "--":
		p.noFlags = true
		return p.next()
	case len(a) > 1 && '0' <= a[1] && a[1] <= '9':
		return true // a negative number
	}
	a = strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
	p.flag, p.val, p.hasValue = strings.Cut(a, "=")
	return true
}

// value returns the flag's value: after '=', or the next argument.
func (p *argParser) value() (string, bool) {
	if p.hasValue {
		return p.val, true
	}
	if p.i >= len(p.args) {
		return "", false
	}
	p.val = p.args[p.i]
	p.i++
	return p.val, true
}

// operandsOnly reads the arguments of a subcommand that takes no flag but
// -h/--help; see parseArgs.
func operandsOnly(args []string, cmd, help string, stdout, stderr io.Writer) (operands []string, status int, done bool) {
	return parseArgs(args, cmd, help, stdout, stderr, nil)
}

// parseArgs reads the arguments of the subcommand cmd: its operands,
// -h/--help, which prints help, and the flags that flag reads (it says
// whether it knows the flag p holds, and what is wrong with it; nil knows
// none). It returns the operands, or done with the exit status when the
// help was printed or a flag was wrong.
func parseArgs(args []string, cmd, help string, stdout, stderr io.Writer, flag func(p *argParser) (known bool, msg string)) (operands []string, status int, done bool) {
	p := argParser{args: args}
	for p.next() {
		switch p.flag {
		case "":
			p.operands = append(p.operands, p.arg)
			continue
		case "h", "help":
			fmt.Fprint(stdout, help)
			return nil, 0, true
		}
		known, msg := false, ""
		if flag != nil {
			known, msg = flag(&p)
		}
		if !known {
			msg = fmt.Sprintf("unknown flag %s", p.arg)
		}
		if msg != "" {
			return nil, usage(stderr, cmd, msg), true
		}
	}
	return p.operands, 0, false
}

// noValue returns what is wrong with a flag that takes no value: "" when it
// has none.
func (p *argParser) noValue() string {
	if p.hasValue {
		return fmt.Sprintf("--%s takes no value", p.flag)
	}
	return ""
}
