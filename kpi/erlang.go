package kpi

import (
	"fmt"
	"math"
	"time"
)

// Erlang C answers "how many agents do I need right now?" from an arrival
// rate and a handle time, assuming Poisson arrivals, exponential handle
// times and callers who never hang up. It is the industry's staffing
// yardstick: wrong in detail (callers do abandon), right in direction.
//
// Everything here is computed with the Erlang B recursion
//
//	B(0) = 1,  B(k) = A·B(k−1) / (k + A·B(k−1))
//
// never with factorials or powers of A, so loads of hundreds or thousands
// of Erlangs stay finite and accurate.

// ErlangB is the blocking probability of n servers offered a Erlangs
// (n >= 0, a >= 0).
func ErlangB(n int, a float64) float64 {
	b := 1.0
	for k := 1; k <= n; k++ {
		b = a * b / (float64(k) + a*b)
	}
	return b
}

// erlangCFromB turns B(n) into the Erlang C probability of waiting,
// C = n·B / (n − A(1−B)); 1 when n <= a (the queue grows without bound).
func erlangCFromB(n int, a, b float64) float64 {
	if float64(n) <= a {
		return 1
	}
	return float64(n) * b / (float64(n) - a*(1-b))
}

// ErlangC is the probability that a caller waits at all, with n agents
// and a Erlangs offered; 1 when n <= a.
func ErlangC(n int, a float64) float64 {
	return erlangCFromB(n, a, ErlangB(n, a))
}

// ErlangResult is what n agents achieve under an offered load.
type ErlangResult struct {
	Agents    int
	PWait     float64       // probability a caller waits at all (Erlang C)
	SL        float64       // fraction answered within the threshold, 0..1
	ASA       time.Duration // average speed of answer over all callers
	Occupancy float64       // A / N, capped at 1
	// Stable is false when n <= A: the queue grows without bound, SL is 0
	// and ASA is meaningless (reported as 0).
	Stable bool
}

// erlangAt fills the result for n agents from B(n).
func erlangAt(n int, a, b float64, aht, t time.Duration) ErlangResult {
	r := ErlangResult{Agents: n, PWait: 1, Occupancy: 1}
	if n <= 0 {
		return r
	}
	r.Occupancy = math.Min(1, a/float64(n))
	if float64(n) <= a {
		return r
	}
	c := erlangCFromB(n, a, b)
	spare := float64(n) - a
	r.PWait, r.Stable = c, true
	r.SL = 1 - c*math.Exp(-spare*t.Seconds()/aht.Seconds())
	r.ASA = time.Duration(c * aht.Seconds() / spare * float64(time.Second))
	return r
}

// ErlangCAt is the service level within t, ASA and occupancy of n agents
// offered a Erlangs of calls lasting aht on average.
func ErlangCAt(n int, a float64, aht, t time.Duration) ErlangResult {
	return erlangAt(n, a, ErlangB(n, a), aht, t)
}

// maxAgents bounds the search for a staffing answer: a target that needs
// more agents than this is not a staffing question any more.
const maxAgents = 1_000_000

// AgentsNeeded is the smallest N > A whose Erlang C service level within t
// reaches target (0..1), with its figures. ok is false when no number of
// agents reaches the target (a target of 100 %, which Erlang C approaches
// but never attains) or the inputs are not usable.
func AgentsNeeded(a float64, aht, t time.Duration, target float64) (ErlangResult, bool) {
	if !(a >= 0) || math.IsInf(a, 0) || aht <= 0 || t < 0 || !(target >= 0 && target < 1) {
		return ErlangResult{}, false
	}
	b := 1.0
	for n := 1; n <= maxAgents; n++ {
		b = a * b / (float64(n) + a*b)
		if float64(n) <= a {
			continue
		}
		r := erlangAt(n, a, b, aht, t)
		if r.SL >= target {
			return r, true
		}
		// SL rises towards 1 with every agent; once the gap is below what
		// a float64 resolves, no more agents will change the answer.
		if 1-r.SL < 1e-15 {
			break
		}
	}
	return ErlangResult{}, false
}

// Load is offered traffic in Erlangs: calls per period × AHT / period.
func Load(calls float64, per, aht time.Duration) (float64, error) {
	switch {
	case calls < 0 || math.IsNaN(calls) || math.IsInf(calls, 0):
		return 0, fmt.Errorf("calls: must be a number >= 0, got %g", calls)
	case per <= 0:
		return 0, fmt.Errorf("period: must be > 0, got %s", per)
	case aht <= 0:
		return 0, fmt.Errorf("AHT: must be > 0, got %s", aht)
	}
	return calls / per.Seconds() * aht.Seconds(), nil
}
