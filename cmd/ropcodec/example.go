package main

import (
	"embed"
	"fmt"
	"io"
	"strings"
)

const exampleUsage = `Usage: ropcodec example [NAME]

Without NAME, lists the examples built into the command. With NAME, prints
that example as annotated hex, which decode reads as it is:

  ropcodec example redirect | ropcodec decode -

ropcodec decode --example NAME decodes an example directly. The bytes are
those of the module's golden vectors (testdata/*.txtar), which the documents'
layouts and example buffers were transcribed into.

Exit status: 0 success, 2 usage error (an unknown name).
`

//go:embed examples/*.hex
var exampleFiles embed.FS

// example is one built-in input of decode.
type example struct {
	name, summary string
	hex           string
}

// examples lists the built-in examples in the order the command shows them.
var examples = func() []example {
	list := []example{
		{name: "redirect", summary: "RopLogon redirect response (ecWrongServer)"},
		{name: "private", summary: "RopLogon success response, private mailbox"},
		{name: "public", summary: "RopLogon success response, public folders"},
		{name: "paused", summary: "RopLogon failure response (ecServerPaused)"},
		{name: "request", summary: "RopLogon request, private mailbox"},
		{name: "buffer", summary: "ROP output buffer of [MS-OXCROPS] 4.6 (RopBackoff)"},
		{name: "rpc", summary: "the same buffer in an RPC_HEADER_EXT with XorMagic"},
	}
	for i := range list {
		b, err := exampleFiles.ReadFile("examples/" + list[i].name + ".hex")
		if err != nil {
			panic(err) // caught by TestExamples
		}
		list[i].hex = string(b)
	}
	return list
}()

func findExample(name string) (example, bool) {
	for _, e := range examples {
		if strings.EqualFold(e.name, name) {
			return e, true
		}
	}
	return example{}, false
}

// exampleNames lists the names for an error message.
func exampleNames() string {
	names := make([]string, len(examples))
	for i, e := range examples {
		names[i] = e.name
	}
	return "examples: " + strings.Join(names, ", ")
}

func runExample(args []string, stdout, stderr io.Writer) int {
	operands, status, done := operandsOnly(args, "example", exampleUsage, stdout, stderr)
	if done {
		return status
	}
	switch len(operands) {
	case 0:
		var t node
		for _, e := range examples {
			t.add(e.name, e.summary)
		}
		render(stdout, t, 0)
		return 0
	case 1:
		e, ok := findExample(operands[0])
		if !ok {
			return usage(stderr, "example", fmt.Sprintf("no example %q; %s", operands[0], exampleNames()))
		}
		fmt.Fprint(stdout, e.hex)
		return 0
	}
	return usage(stderr, "example", "one example at a time")
}
