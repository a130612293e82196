// Command extract regenerates the spec/ tables that are read out of the
// reference documents by program rather than typed in: the [MS-ERREF] code
// tables and the [MS-CMRP] reconnect-eligible methods. It reads the errata
// tables of the spec folder (spec/codes/ldap-errata.tsv), which record where a
// document misprints a row and what the extracted table carries instead.
//
// It reads Markdown copies of the two documents, MS-ERREF.md and MS-CMRP.md,
// from the folder -ref names (by default ../shared/reference, a folder beside
// the checkout, which the repository does not hold); run it from the
// repository root:
//
//	go run ./cmd/extract -ref DIR
//
// A test in internal/extract fails when the committed tables differ from what
// this command would write.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ropcodec/ropcodec/internal/extract"
)

func main() {
	ref := flag.String("ref", "../shared/reference", "folder holding MS-ERREF.md and MS-CMRP.md")
	spec := flag.String("spec", "spec", "spec folder to write the tables into")
	flag.Parse()
	if err := run(*ref, *spec); err != nil {
		fmt.Fprintln(os.Stderr, "extract:", err)
		os.Exit(1)
	}
}

func run(ref, spec string) error {
	tables, err := extract.All(ref, spec)
	if err != nil {
		return err
	}
	for _, t := range tables {
		b, err := t.Bytes()
		if err != nil {
			return err
		}
		path := filepath.Join(spec, filepath.FromSlash(t.File))
		if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, b) {
			continue
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return err
		}
		fmt.Println("wrote", path)
	}
	return nil
}
