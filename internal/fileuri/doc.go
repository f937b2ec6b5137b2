// Package fileuri converts between file:// URIs and file paths, for Linux,
// macOS and Windows paths alike: the one conversion behind the server's
// document URIs and the URIs modls check writes into SARIF.
package fileuri
