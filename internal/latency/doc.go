// Package latency counts durations in logarithmic buckets (16 to each
// doubling, from 1 µs to over a minute: a quantile read from them is within
// 4.4 % of the true value) and keeps them by key: the server's own request
// times by method, which modls/stats reports so that a slow answer can be
// told apart from a slow client or a slow pipe.
package latency
