// Package settings defines the user's settings for modls, without the
// protocol that carries them: one table (Spec) describes every key — its
// JSON type, default and documentation — and decoding (Decode), the
// defaults (Default) and the report of unknown or ill-typed keys all derive
// from it. The editor extensions' settings are checked against the same
// table by tests, so the three never drift.
//
// The language server receives settings in initializationOptions and from
// workspace/configuration (section "modls"); it decodes them here and
// applies them (package lsp).
package settings
