package ldapreconnect_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/ropcodec/ropcodec/ldapreconnect"
)

// The generated constants say what the document says, read from the copy
// of [MS-ADTS] beside the checkout, and the package's own constants are
// made of them.
func TestConstantsMatchADTS(t *testing.T) {
	const doc = "../../shared/reference/MS-ADTS-ldap-client.md"
	b, err := os.ReadFile(doc)
	if err != nil {
		t.Skipf("%s is absent (%v); the check needs ../shared beside the checkout", doc, err)
	}
	for section, says := range map[string]string{
		"7.6.2.7 step 5": fmt.Sprintf("If lrq.numResends is greater than %d", ldapreconnect.ResendLimit),
		"7.6.2.5":        fmt.Sprintf("set operationTimeout to %d.", ldapreconnect.BindTimeLimitSeconds),
		"7.3":            fmt.Sprintf("A value of 0 indicates a limit of %d seconds for LDAP bind requests", ldapreconnect.BindTimeLimitSeconds),
	} {
		assert.True(t, strings.Contains(string(b), says), "[MS-ADTS] %s does not say %q", section, says)
	}

	assert.Equal(t, 20, ldapreconnect.MaxResends)
	assert.Equal(t, 120*time.Second, ldapreconnect.BindTimeLimit)
	assert.EqualValues(t, 1<<31-1, ldapreconnect.MaxMessageID, "maxInt of RFC 4511 4.1.1")
}
