package logon

import (
	"context"
	"strings"
	"testing"
	"time"
)

// BenchmarkCachedLogonDecision is the decision before every logon: where
// does this mailbox live? A hit, with the DN in another case than stored.
func BenchmarkCachedLogonDecision(b *testing.B) {
	c := NewRedirectCache(0)
	for i := 0; i < 1000; i++ {
		c.Redirected(mailboxDN(strings.Repeat("x", i%7)+string(rune('a'+i%26))+string(rune('a'+i/26%26))), betaDN)
	}
	c.Redirected(bartDN, betaDN)
	key := strings.ToUpper(bartDN)
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := c.Lookup(key); !ok {
			b.Fatal("miss")
		}
	}
}

// BenchmarkRateBudgetReserve is a reservation within budget.
func BenchmarkRateBudgetReserve(b *testing.B) {
	budget := NewRateBudget(BudgetConfig{Clock: &stepClock{step: 3 * time.Second}})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := budget.Reserve(ctx, betaDN); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRateBudgetHoldRelease is a reservation given back, as for a logon
// that was not redirected.
func BenchmarkRateBudgetHoldRelease(b *testing.B) {
	budget := NewRateBudget(BudgetConfig{Clock: &stepClock{step: time.Millisecond}})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		r, err := budget.Hold(ctx, betaDN)
		if err != nil {
			b.Fatal(err)
		}
		r.Release()
	}
}
