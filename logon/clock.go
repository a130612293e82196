package logon

import (
	"time"

	"github.com/ropcodec/ropcodec/internal/clock"
)

// Clock is the source of time for RateBudget and Client. Production code uses
// SystemClock; tests use a fake whose time moves only when told to, so that
// the ten-second rule of [MS-OXCSTOR] 3.2.5.1.1 can be exercised without
// sleeping. The Clocks of packages reconnect and ldapreconnect have the same
// methods, so one fake serves all three.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// After returns a channel that receives once at least d has passed
	// (like time.After).
	After(d time.Duration) <-chan time.Time
}

// SystemClock is the Clock of the time package: time.Now and time.After. A
// nil Clock in a Config or BudgetConfig means SystemClock.
var SystemClock Clock = clock.System{}
