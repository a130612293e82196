package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

const versionUsage = `Usage: ropcodec version

Prints the version of the ropcodec module the command was built from, as Go
records it in the binary: a release tag or pseudo-version for a command
installed with go install, "(devel)" for one built in a checkout, with the
commit and whether the checkout had changes when Go recorded them, and the
Go release that built it.

Exit status: 0 success, 2 usage error.
`

func runVersion(args []string, stdout, stderr io.Writer) int {
	operands, status, done := operandsOnly(args, "version", versionUsage, stdout, stderr)
	if done {
		return status
	}
	if len(operands) > 0 {
		return usage(stderr, "version", "version takes no operands")
	}
	bi, ok := debug.ReadBuildInfo()
	fmt.Fprintln(stdout, versionText(bi, ok))
	return 0
}

// versionText says which module version, commit and Go release built the
// command, from its build information.
func versionText(bi *debug.BuildInfo, ok bool) string {
	if !ok {
		return "ropcodec: no build information in this binary"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(unknown version)"
	}
	s := fmt.Sprintf("ropcodec %s", v)
	if bi.Main.Path != "" {
		s = fmt.Sprintf("%s %s", bi.Main.Path, v)
	}
	var rev, modified string
	for _, kv := range bi.Settings {
		switch kv.Key {
		case "vcs.revision":
			rev = kv.Value
		case "vcs.modified":
			modified = kv.Value
		}
	}
	if rev != "" {
		s += ", commit " + rev
		if modified == "true" {
			s += " with changes"
		}
	}
	return s + ", built with " + bi.GoVersion
}
