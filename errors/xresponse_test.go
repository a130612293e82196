package errors_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/errors"
)

// The X-ResponseCode table of [MS-OXCMAPIHTTP] 2.2.3.3.3, transcribed here a
// second time from the document (values and names as printed there, words
// joined), so that a wrong row in spec/codes/xresponsecode.tsv fails.
var xResponseDocument = []string{
	"Success", "Unknown Failure", "Invalid Verb", "Invalid Path", "Invalid Header", "Invalid Request Type",
	"Invalid Context Cookie", "Missing Header", "Anonymous Not Allowed", "Too Large", "Context Not Found",
	"No Privilege", "Invalid Request Body", "Missing Cookie", "Reserved", "Invalid Sequence",
	"Endpoint Disabled", "Invalid Response", "Endpoint Shutting Down",
}

func TestXResponseCodeTable(t *testing.T) {
	for v, printed := range xResponseDocument {
		c := errors.XResponseCode(v)
		want := ""
		for _, r := range printed {
			if r != ' ' {
				want += string(r)
			}
		}
		assert.Equal(t, want, c.String(), "value %d", v)
		assert.Equal(t, "[MS-OXCMAPIHTTP] 2.2.3.3.3", errors.Code{Namespace: errors.NamespaceXResponseCode, Value: uint32(v)}.Section())
	}
	assert.Equal(t, "XResponseCode(0x00000013)", errors.XResponseCode(19).String())
	ms := errors.LookupName("contextnotfound")
	require.Len(t, ms, 1)
	assert.Equal(t, errors.Code{Namespace: errors.NamespaceXResponseCode, Value: 10}, ms[0].Code)
}

func TestXResponseActionFor(t *testing.T) {
	want := map[errors.XResponseCode]errors.XResponseAction{
		errors.XResponseSuccess:              errors.XResponseSucceeded,
		errors.XResponseReserved:             errors.XResponseIgnore,
		errors.XResponseContextNotFound:      errors.XResponseReconnect,
		errors.XResponseInvalidContextCookie: errors.XResponseReconnect,
		errors.XResponseMissingCookie:        errors.XResponseReconnect,
		errors.XResponseInvalidSequence:      errors.XResponseRetry,
		errors.XResponseEndpointShuttingDown: errors.XResponseBackoff,
	}
	for v := range errors.XResponseCode(len(xResponseDocument) + 2) {
		w, ok := want[v]
		if !ok {
			w = errors.XResponseFail
		}
		assert.Equal(t, w, errors.XResponseActionFor(v), "%v", v)
		assert.Equal(t, w, errors.XResponseActionFor(fmt.Errorf("execute: %w", v)), "wrapped %v", v)
		assert.Equal(t, w == errors.XResponseReconnect, errors.ShouldReconnectMAPIHTTP(fmt.Errorf("x: %w", v)), "%v", v)
	}
	assert.Equal(t, errors.XResponseSucceeded, errors.XResponseActionFor(nil))
	// Another namespace's 10 is not X-ResponseCode 10.
	assert.Equal(t, errors.XResponseFail, errors.XResponseActionFor(errors.EC(10)))
	assert.False(t, errors.ShouldReconnectMAPIHTTP(errors.Win32(10)))
	// An As method that yields an X-ResponseCode classifies.
	assert.True(t, errors.ShouldReconnectMAPIHTTP(xFault{}))
	assert.NotEmpty(t, errors.XResponseReconnect.Summary())
	assert.Equal(t, "[MS-OXCMAPIHTTP] 4.4", errors.XResponseReconnect.Section())
	assert.Equal(t, "Reconnect", errors.XResponseReconnect.String())
}

type xFault struct{}

func (xFault) Error() string { return "transport" }

func (xFault) As(target any) bool {
	if p, ok := target.(*errors.XResponseCode); ok {
		*p = errors.XResponseContextNotFound
		return true
	}
	return false
}
