package latency

import (
	"math"
	"sync"
	"time"
)

// Latency buckets are logarithmic: bucketsPerOctave to each doubling, from
// 1 µs to 2^latencyOctaves µs (over a minute), so a quantile read from them
// is within 2^(1/16), about 4.4 %, of the true value.
const (
	bucketsPerOctave = 16
	latencyOctaves   = 26
	latencyBuckets   = bucketsPerOctave*latencyOctaves + 1
)

// Histogram counts durations in logarithmic buckets.
type Histogram struct {
	counts [latencyBuckets]uint32
	n      uint64
	max    time.Duration
}

// bucket returns the index of the bucket holding d.
func bucket(d time.Duration) int {
	us := d.Microseconds()
	if us < 1 {
		return 0
	}
	i := int(math.Log2(float64(us)) * bucketsPerOctave)
	return min(i, latencyBuckets-1)
}

// upper returns the upper bound of bucket i.
func upper(i int) time.Duration {
	return time.Duration(math.Exp2(float64(i+1)/bucketsPerOctave) * float64(time.Microsecond))
}

func (h *Histogram) Add(d time.Duration) {
	h.counts[bucket(d)]++
	h.n++
	h.max = max(h.max, d)
}

// Quantile returns the q-quantile (0 < q ≤ 1), at most the largest
// duration seen.
func (h *Histogram) Quantile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	rank := uint64(math.Ceil(q * float64(h.n)))
	var seen uint64
	for i, c := range h.counts {
		seen += uint64(c)
		if seen >= rank {
			if i == latencyBuckets-1 { // the open-ended last bucket
				return h.max
			}
			return min(upper(i), h.max)
		}
	}
	return h.max
}

// Summary is what a Histogram says of the durations it counted.
type Summary struct {
	Count uint64  `json:"count"`
	P50Ms float64 `json:"p50_ms"`
	P99Ms float64 `json:"p99_ms"`
	MaxMs float64 `json:"max_ms"`
}

// ByKey records durations by key (a request's method). Its zero value is
// ready; it is safe for concurrent use.
type ByKey struct {
	mu      sync.Mutex
	methods map[string]*Histogram
}

// Record adds one request of method that took d.
func (l *ByKey) Record(method string, d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	h := l.methods[method]
	if h == nil {
		if l.methods == nil {
			l.methods = map[string]*Histogram{}
		}
		h = &Histogram{}
		l.methods[method] = h
	}
	h.Add(d)
}

// Summaries returns the figures of every method, and forgets them if reset.
func (l *ByKey) Summaries(reset bool) map[string]Summary {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make(map[string]Summary, len(l.methods))
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	for m, h := range l.methods {
		out[m] = Summary{Count: h.n, P50Ms: ms(h.Quantile(0.5)), P99Ms: ms(h.Quantile(0.99)), MaxMs: ms(h.max)}
	}
	if reset {
		l.methods = nil
	}
	return out
}
