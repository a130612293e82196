package main

import (
	"bytes"
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestVersionText checks the version line for the build information of an
// installed release, of a checkout with changes, and of a binary without
// any.
func TestVersionText(t *testing.T) {
	release := &debug.BuildInfo{GoVersion: "go1.24.0", Main: debug.Module{Path: "github.com/ropcodec/ropcodec", Version: "v0.3.0"}}
	assert.Equal(t, "github.com/ropcodec/ropcodec v0.3.0, built with go1.24.0", versionText(release, true))

	checkout := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/ropcodec/ropcodec", Version: "(devel)"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "ea3fe5d"}, {Key: "vcs.modified", Value: "true"}}}
	assert.Equal(t, "github.com/ropcodec/ropcodec (devel), commit ea3fe5d with changes, built with go1.26.8", versionText(checkout, true))

	assert.Equal(t, "ropcodec: no build information in this binary", versionText(nil, false))
}

// TestVersion checks that the version command prints the build
// information of the running binary.
func TestVersion(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"version"}, nil, &stdout, &stderr)
	assert.Equal(t, 0, code)
	assert.Empty(t, stderr.String())
	bi, ok := debug.ReadBuildInfo()
	assert.Equal(t, versionText(bi, ok)+"\n", stdout.String())
}
