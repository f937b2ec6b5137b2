// Package span is the one conversion between byte offsets of a text and
// positions in it: a line and a character counted in UTF-16 code units (the
// Language Server Protocol's default) or in bytes, and parse.Pos (line and
// byte column, from 1). A Lines is built once per text version, or updated
// by an edit, and is never modified after.
//
// Lines end at "\n" or "\r\n" only. The LSP specification also ends a line
// at a lone "\r"; modls deliberately does not, because the HCL scanner does
// not, and every position must agree with the lines of parse.Pos. A lone
// "\r" is an ordinary character of its line.
//
// Characters outside the Basic Multilingual Plane (emoji) count as two UTF-16
// code units; each byte of invalid UTF-8 counts as one unit, as
// utf8.DecodeRune reports it.
package span
