// Package links finds the links of a mod file (an editor's document links),
// in byte ranges. The path given to a file
// function (`file("./docs/x.md")`, filebase64, the file hashes, fileexists)
// links to the file, resolved against the mod root as Powerpipe resolves it
// (§7: not against the folder of the file holding the call), when it exists
// inside the mod's folder: eval.Resolve refuses `..` escapes, absolute paths
// outside and symbolic links leaving the mod, so nothing outside is ever
// linked. The module path of a dependency in the mod block's
// `require { mod "github.com/org/repo" { … } }` links to the repository
// page, https://github.com/org/repo, for any host name. A dashboard link in
// an href string (`"/<mod>.dashboard.<name>?…"`) links to the dashboard's
// line.
package links
