// Package source is the one reader of mod files: the index's loader, the
// server (documents closed, files changed on disk, hover's documentation
// files) and modls check read through it, so every reader refuses the same
// things — a path that is not a regular file (a folder, a named pipe, which
// would block, a device) and a file over MaxFileSize — with the same words.
package source
