package latency

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// Quantiles read from the histogram's buckets are within one bucket (4.4 %)
// of the exact ones, and never above the largest duration.
func TestHistogram(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		name string
		gen  func() time.Duration
	}{
		{"sub-millisecond", func() time.Duration { return time.Duration(rng.IntN(1000)) * time.Microsecond }},
		{"log-uniform", func() time.Duration { return time.Duration(math.Exp(rng.Float64()*17)) * time.Microsecond }},
		{"constant", func() time.Duration { return 3 * time.Millisecond }},
		{"zero", func() time.Duration { return 0 }},
		{"beyond the last bucket", func() time.Duration { return 5 * time.Hour }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var h Histogram
			ds := make([]time.Duration, 10_000)
			for i := range ds {
				ds[i] = tc.gen()
				h.Add(ds[i])
			}
			slices.Sort(ds)
			for _, q := range []float64{0.5, 0.9, 0.99, 1} {
				exact := ds[int(math.Ceil(q*float64(len(ds))))-1]
				got := h.Quantile(q)
				if got > ds[len(ds)-1] {
					t.Errorf("q%.2f = %v, above the maximum %v", q, got, ds[len(ds)-1])
				}
				// Buckets count whole microseconds.
				lo, hi := float64(exact-time.Microsecond), float64(exact)*math.Exp2(1.0/bucketsPerOctave)+float64(time.Microsecond)
				if float64(got) < lo || float64(got) > hi {
					t.Errorf("q%.2f = %v, exact %v", q, got, exact)
				}
			}
		})
	}
	var empty Histogram
	if empty.Quantile(0.99) != 0 {
		t.Error("an empty histogram has a quantile")
	}
}
