package kpi

import (
	"fmt"
	"math"
	"time"
)

// Erlang A (Palm's M/M/n+M model) is Erlang C with callers who hang up:
// each waiting caller abandons after an exponential patience with mean
// 1/θ. It never "explodes" when agents are short — callers leave instead —
// so it answers what Erlang C cannot: how many callers will give up.
//
// The formulas are Garnett, Mandelbaum and Reiman's (2002). With
// λ arrivals/s, μ = 1/AHT, θ = 1/patience and n agents:
//
//	E = ErlangB(n, λ/μ)
//	𝒜 = A(nμ/θ, λ/θ),  A(x, y) = x·e^y / y^x · γ(x, y)
//	P(wait > 0)          = E·𝒜 / (1 + (𝒜 − 1)·E)
//	P(abandon | wait > 0) = 1/(ρ𝒜) + 1 − 1/ρ,  ρ = λ/(nμ)
//	P(abandon)           = P(abandon | wait > 0) · P(wait > 0)
//
// γ is the lower incomplete gamma function. Its power series
// γ(x, y) = y^x·e^−y · Σ_{k≥0} y^k / (x(x+1)…(x+k)) makes A(x, y) the sum
// Σ_{k≥0} y^k / ((x+1)(x+2)…(x+k)) — positive terms, no factorials, no
// y^x, so it neither overflows nor cancels for realistic loads.

// ErlangAResult is what n agents achieve when callers abandon.
type ErlangAResult struct {
	Agents int
	PWait  float64 // probability a caller waits at all
	// PAbandon is the probability a caller hangs up before an answer.
	PAbandon float64
	// MeanWait is the average wait over all callers, answered or not:
	// by Little's law on the abandoning stream, P(abandon)/θ.
	MeanWait time.Duration
}

// ErlangA computes the model for n agents, a Erlangs offered (a = λ·AHT)
// and callers' mean patience.
func ErlangA(n int, a float64, aht, patience time.Duration) (ErlangAResult, error) {
	switch {
	case n <= 0:
		return ErlangAResult{}, fmt.Errorf("agents: must be > 0, got %d", n)
	case !(a > 0) || math.IsInf(a, 0):
		return ErlangAResult{}, fmt.Errorf("load: must be > 0 Erlangs, got %g", a)
	case aht <= 0:
		return ErlangAResult{}, fmt.Errorf("AHT: must be > 0, got %s", aht)
	case patience <= 0:
		return ErlangAResult{}, fmt.Errorf("patience: must be > 0, got %s", patience)
	}
	mu := 1 / aht.Seconds()
	theta := 1 / patience.Seconds()
	lambda := a * mu
	e := ErlangB(n, a)
	big := gammaRatio(float64(n)*mu/theta, lambda/theta)
	rho := lambda / (float64(n) * mu)
	r := ErlangAResult{Agents: n}
	if math.IsInf(big, 1) {
		// 𝒜 beyond float64: the limits of the formulas as 𝒜 → ∞.
		r.PWait = 1
		r.PAbandon = 1 - 1/rho
	} else {
		r.PWait = e * big / (1 + (big-1)*e)
		r.PAbandon = (1/(rho*big) + 1 - 1/rho) * r.PWait
	}
	r.PAbandon = math.Min(1, math.Max(0, r.PAbandon))
	r.MeanWait = time.Duration(r.PAbandon / theta * float64(time.Second))
	return r, nil
}

// gammaRatio is A(x, y) = x·e^y / y^x · γ(x, y) = Σ_{k≥0} y^k / Π_{j=1..k}(x+j),
// for x > 0, y > 0. Terms grow while x+k < y and shrink after; the sum
// stops when a term no longer changes it. +Inf when it exceeds float64.
func gammaRatio(x, y float64) float64 {
	sum, term := 1.0, 1.0
	for k := 1; k < 10_000_000; k++ {
		term *= y / (x + float64(k))
		sum += term
		if math.IsInf(sum, 1) || sum > math.MaxFloat64/2 {
			return math.Inf(1)
		}
		if x+float64(k) > y && term < sum*1e-17 {
			break
		}
	}
	return sum
}
