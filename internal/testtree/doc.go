// Package testtree writes folders of files for tests: the one helper behind
// every test that needs a mod on disk.
package testtree
