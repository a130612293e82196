// Package ropcodec is the root of the ropcodec module; its packages are
// errors (typed status codes and reconnect predicates) and, generated from the
// same spec/ tables, the codecs that build on them.
//
// Running `go generate ./...` from the repository root regenerates every
// generated file from spec/.
package ropcodec

//go:generate go run ./cmd/gen -spec spec -out .
