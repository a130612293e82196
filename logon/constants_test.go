package logon

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The generated redirect rule is the one the document states, read from
// the transcription of [MS-OXCSTOR] beside the checkout, and the package's
// defaults are made of it.
func TestRedirectRuleMatchesOXCSTOR(t *testing.T) {
	const facts = "../../shared/reference/exchange-spec-facts.md"
	b, err := os.ReadFile(facts)
	if err != nil {
		t.Skipf("%s is absent (%v); the check needs ../shared beside the checkout", facts, err)
	}
	words := []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
	require.Less(t, int(RedirectLimit), len(words))
	rule := fmt.Sprintf("more than %s attempts within a %d-second period to log on to a mailbox that is not hosted on the server",
		words[RedirectLimit], RedirectWindowSeconds)
	assert.True(t, strings.Contains(string(b), rule), "[MS-OXCSTOR] 3.2.5.1.1 does not say %q", rule)

	assert.Equal(t, 5, DefaultRedirectLimit)
	assert.Equal(t, 10*time.Second, DefaultRedirectWindow)
	assert.Equal(t, 1, DefaultMaxRediscoveries)
}
