package memtest

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

var sink []byte

func TestAllocated(t *testing.T) {
	const n = 1 << 20
	got := Allocated(func() { sink = make([]byte, n) })
	assert.GreaterOrEqual(t, got, uint64(n), "a 1 MiB slice")
	assert.Less(t, got, uint64(2*n), "little besides it")
	assert.Less(t, Allocated(func() {}), uint64(n), "nothing")
}
