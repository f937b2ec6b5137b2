package discover

// This file defines workspace discovery: finding mod roots, listing a mod's
// source and variable files the way Powerpipe does, finding installed
// dependency mods and reading the dependency lock file.
//
// Discovery only lists paths; it never parses HCL. It reads directories
// (several at once), the .powerpipeignore and .mod.cache.json files, and
// stats each source file to check that it is readable. Its cost is almost
// all system calls: 1.7-2.8 ms for the 274-file aws-insights corpus mod on
// a shared 2-CPU VM where one stat costs about 3µs (BenchmarkDiscover).
//
// Rules (mod-language.md §1, §5.3, §5.4, §6.2, §9):
//
//   - The mod file is mod.pp, else mod.sp. Both are still source files.
//   - Source files are *.pp and *.sp anywhere below the root, sorted by their
//     slash-separated path relative to the root (Powerpipe sorts the absolute
//     paths with sort.Strings before merging the files).
//   - Default exclusions (root mod only): every entry directly under the root
//     whose name starts with '.', and everything beneath it. Deeper hidden
//     entries are walked. A dependency mod has no exclusions at all, not even
//     its own .powerpipeignore (pipe-fittings clears ListOptions.Exclude).
//   - .powerpipeignore: see ignore.go.
//   - Symlinks are followed (Powerpipe follows symlinked files but not
//     symlinked directories; modls follows both so that a workspace arranged
//     with links still resolves), but only when the target stays inside the
//     mod root; a directory reached twice (a loop, or two links to one
//     directory) is walked once. Both cases leave a Note.
//   - Anything unreadable is skipped with a Note; discovery never fails
//     because of one entry.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/modls/modls/internal/fspath"
	"github.com/modls/modls/internal/source"
)

// Names of files and folders discovery looks for.
const (
	ModFileName       = "mod.pp"           // preferred mod definition file
	LegacyModFileName = "mod.sp"           // Steampipe-era mod definition file
	LockFileName      = ".mod.cache.json"  // dependency lock at the root mod
	dataDir           = ".powerpipe"       // holds mods/ with installed dependencies
	varsFile          = "powerpipe.ppvars" // variable values, loaded first
	legacyVarsFile    = "steampipe.spvars" // used only when powerpipe.ppvars is absent
)

// maxScanDirs bounds how many directories DiscoverWorkspace visits while
// looking for mods below a root that is not inside a mod (e.g. a home
// directory opened by mistake).
const maxScanDirs = 20000

// ErrNoModFile is returned (wrapped) by Discover when the directory holds
// neither mod.pp nor mod.sp.
var ErrNoModFile = errors.New("no mod.pp or mod.sp")

// Note records something discovery skipped or found suspicious, and why.
type Note struct {
	Path    string // absolute path of the entry concerned
	Message string
	// Skipped reports that the entry is a source or variable file, or a
	// folder of them, that was not read: whatever it defines is missing
	// from the index.
	Skipped bool
}

// String formats the note as "path: message".
func (n Note) String() string { return n.Path + ": " + n.Message }

// ModDir describes one mod on disk.
type ModDir struct {
	// Root is the mod's directory, absolute and cleaned (symlinks in it are
	// not resolved, so paths match what an editor sends).
	Root string
	// ModFile is the absolute path of mod.pp, or of mod.sp when there is no
	// mod.pp.
	ModFile string
	// Files lists every .pp/.sp source file below Root, absolute, after
	// exclusions, in Powerpipe's load order (lexical order of the
	// slash-separated path relative to Root). It always includes ModFile.
	Files []string
	// VarFiles lists the variable files Powerpipe loads automatically from
	// Root (not recursive), lowest precedence first: powerpipe.ppvars (or,
	// only when that is absent, steampipe.spvars), then every *.auto.ppvars
	// and *.auto.spvars in name order. Empty for a dependency mod: Powerpipe
	// reads variable files only from the workspace mod.
	VarFiles []string
	// Deps lists the dependency mods installed under Root/.powerpipe/mods,
	// sorted by InstallPath. Only a root mod has Deps; all dependencies,
	// transitive ones included, are installed flat there.
	Deps []*ModDir
	// InstallPath is, for a dependency, its slash-separated path relative to
	// .powerpipe/mods, e.g.
	// "github.com/turbot/steampipe-mod-aws-compliance@v1.4.0" or
	// "github.com/org/repo#main". Empty for a root mod.
	InstallPath string
	// Lock is the parsed Root/.mod.cache.json of a root mod, or nil when
	// there is none (or it could not be parsed; see Notes).
	Lock *Lock
	// Locked is, for a dependency, the lock entry whose install path is
	// InstallPath, or nil when the lock does not mention it.
	Locked *LockEntry
	// Notes lists what was skipped and why, and suspicious layouts (both
	// mod.pp and mod.sp, a nested mod file, a dependency missing from disk).
	Notes []Note

	ignore *Ignore // root mod's .powerpipeignore, nil for none
}

// IsDependency reports whether m was found under a root mod's
// .powerpipe/mods.
func (m *ModDir) IsDependency() bool { return m.InstallPath != "" }

// Includes reports whether a .pp/.sp file at the absolute path would be one
// of m's source files under m's exclusion rules. It does not touch the disk
// (existence, symlinks and readability are not checked), so it suits
// deciding whether a newly created file belongs to m.
func (m *ModDir) Includes(path string) bool {
	if !isSource(filepath.Base(path)) {
		return false
	}
	rel, err := filepath.Rel(m.Root, filepath.Clean(path))
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return false
	}
	rel = filepath.ToSlash(rel)
	if !m.IsDependency() && strings.HasPrefix(rel, ".") {
		return false
	}
	return !m.ignore.Excluded(rel, false)
}

// Lock is a parsed .mod.cache.json (mod-language.md §5.4).
type Lock struct {
	// Path is the absolute path of the lock file.
	Path string
	// Parents maps the install cache key of a requiring mod to its locked
	// dependencies keyed by module path. The root mod's key is its short
	// name (the label of its mod block, e.g. "local"); a dependency's key is
	// its install path ("github.com/x/y@v1.0.0").
	Parents map[string]map[string]LockEntry
	// RootKey is the parent key that is not the install path of any locked
	// dependency, i.e. the root mod's short name; empty when that is
	// ambiguous. The scanner can confirm it against the mod block's label.
	RootKey string
}

// LockEntry is one locked dependency.
type LockEntry struct {
	ModulePath    string `json:"-"` // the map key, e.g. github.com/turbot/steampipe-mod-aws-compliance
	Parent        string `json:"-"` // install cache key of the mod that requires it
	Name          string `json:"name,omitempty"`
	Alias         string `json:"alias,omitempty"` // label of the dependency's own mod block
	Version       string `json:"version,omitempty"`
	Tag           string `json:"tag,omitempty"`
	Branch        string `json:"branch,omitempty"`
	FilePath      string `json:"file_path,omitempty"`
	Commit        string `json:"commit,omitempty"`
	GitRef        string `json:"git_ref,omitempty"`
	StructVersion int    `json:"struct_version,omitempty"`
}

// InstallPath returns where Powerpipe installs the entry relative to
// .powerpipe/mods: "<module>@<tag>", "<module>@v<version>" or
// "<module>#<branch>" (pipe-fittings BuildModDependencyPath). For a local
// path dependency it returns FilePath, which is not under .powerpipe/mods.
func (e LockEntry) InstallPath() string {
	name := e.ModulePath
	if name == "" {
		name = e.Name
	}
	switch {
	case e.Tag != "":
		return name + "@" + e.Tag
	case e.Version != "":
		if strings.HasPrefix(e.Version, "v") {
			return name + "@" + e.Version
		}
		return name + "@v" + e.Version
	case e.Branch != "":
		return name + "#" + e.Branch
	case e.FilePath != "":
		return e.FilePath
	}
	return name
}

// Direct returns the root mod's directly required dependencies sorted by
// module path (nil when RootKey is unknown).
func (l *Lock) Direct() []LockEntry {
	if l == nil || l.RootKey == "" {
		return nil
	}
	return sortedLock(l.Parents[l.RootKey])
}

// ByAlias maps the alias of each of the root mod's direct dependencies to its
// entry. Aliases come from the lock; the authoritative alias is the label of
// the dependency's own mod block.
func (l *Lock) ByAlias() map[string]LockEntry {
	out := map[string]LockEntry{}
	for _, e := range l.Direct() {
		if e.Alias != "" {
			out[e.Alias] = e
		}
	}
	return out
}

func sortedLock(m map[string]LockEntry) []LockEntry {
	out := make([]LockEntry, 0, len(m))
	for _, e := range m {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b LockEntry) int { return strings.Compare(a.ModulePath, b.ModulePath) })
	return out
}

// ParseLock parses the content of a .mod.cache.json file.
func ParseLock(data []byte) (*Lock, error) {
	var raw map[string]map[string]LockEntry
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	l := &Lock{Parents: make(map[string]map[string]LockEntry, len(raw))}
	installed := map[string]bool{}
	for parent, deps := range raw {
		m := make(map[string]LockEntry, len(deps))
		for modPath, e := range deps {
			e.ModulePath, e.Parent = modPath, parent
			m[modPath] = e
			installed[e.InstallPath()] = true
		}
		l.Parents[parent] = m
	}
	var roots []string
	for parent := range l.Parents {
		if !installed[parent] {
			roots = append(roots, parent)
		}
	}
	if len(roots) == 1 {
		l.RootKey = roots[0]
	}
	return l, nil
}

// FindModRoot returns the nearest ancestor directory of path (path itself if
// it is a directory) that holds mod.pp, else mod.sp; ok is false when there
// is none up to the filesystem root. A path that does not exist (a new,
// unsaved file) is treated as a file.
func FindModRoot(path string) (root string, ok bool) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", false
	}
	dir := abs
	if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
		dir = filepath.Dir(abs)
	}
	for {
		if _, ok := modFileIn(dir); ok {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// modFileIn returns the mod file of dir: mod.pp, else mod.sp (any non-directory,
// symlinks followed).
func modFileIn(dir string) (string, bool) {
	for _, name := range [...]string{ModFileName, LegacyModFileName} {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, true
		}
	}
	return "", false
}

// Mod walks the mod rooted at root, including its installed dependencies.
// It fails only when root cannot be read or holds no mod file, or when ctx
// ends (ctx.Err() is then the error); everything else it skips becomes a
// Note.
func Mod(ctx context.Context, root string) (*ModDir, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	m, err := discoverMod(ctx, abs, "")
	if err != nil {
		return nil, err
	}
	m.discoverDeps(ctx)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return m, nil
}

// discoverMod lists one mod. installPath is empty for a root mod and the
// install path for a dependency.
func discoverMod(ctx context.Context, root, installPath string) (*ModDir, error) {
	root = filepath.Clean(root)
	isDep := installPath != ""
	entries, err := os.ReadDir(root)
	if err != nil && len(entries) == 0 {
		return nil, fmt.Errorf("reading mod root: %w", err)
	}
	m := &ModDir{Root: root, InstallPath: installPath}
	if err != nil {
		m.skip(root, "directory only partly read: "+source.Reason(err))
	}
	modFile, ok := modFileIn(root)
	if !ok {
		return nil, fmt.Errorf("%s: %w", root, ErrNoModFile)
	}
	m.ModFile = modFile
	if filepath.Base(modFile) == ModFileName {
		if fi, err := os.Stat(filepath.Join(root, LegacyModFileName)); err == nil && !fi.IsDir() {
			m.note(filepath.Join(root, LegacyModFileName), "both mod.pp and mod.sp exist: mod.pp defines the mod; mod.sp is loaded as an ordinary source file and its mod block is ignored")
		}
	}

	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return nil, fmt.Errorf("resolving mod root: %w", err)
	}
	if err := checkModFile(m.ModFile, realRoot); err != nil {
		return nil, err
	}

	if !isDep {
		ig, err := LoadIgnore(root)
		if err != nil {
			m.note(filepath.Join(root, IgnoreFileName), "ignore file not read: "+source.Reason(err))
		}
		m.ignore = ig
		m.VarFiles = varFiles(root, entries, realRoot, m)
	}

	rootInfo, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("reading mod root: %w", err)
	}
	w := &walker{ctx: ctx, realRoot: realRoot, defaults: !isDep, ignore: m.ignore}
	w.run(root, rootInfo, entries)
	slices.SortFunc(w.notes, func(a, b Note) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return strings.Compare(a.Message, b.Message)
	})
	m.Notes = append(m.Notes, w.notes...)

	slices.SortFunc(w.files, func(a, b file) int { return strings.Compare(a.rel, b.rel) })
	m.Files = make([]string, 0, len(w.files)+1)
	hasModFile := false
	for _, f := range w.files {
		m.Files = append(m.Files, f.abs)
		hasModFile = hasModFile || f.abs == m.ModFile
	}
	if !hasModFile {
		// Only possible when .powerpipeignore excludes the mod file.
		// Powerpipe still reads the mod block from it.
		m.note(m.ModFile, ".powerpipeignore excludes the mod file; Powerpipe still reads its mod block but no other block in it")
		rel := filepath.Base(m.ModFile)
		i, _ := slices.BinarySearchFunc(w.files, rel, func(f file, t string) int { return strings.Compare(f.rel, t) })
		m.Files = slices.Insert(m.Files, i, m.ModFile)
	}
	return m, nil
}

// checkModFile verifies that the mod file can be read and, when it is a
// symlink, that it stays inside the mod root.
func checkModFile(path, realRoot string) error {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return fmt.Errorf("mod file: %w", err)
	}
	if !fspath.Within(target, realRoot) {
		return fmt.Errorf("mod file %s links outside the mod root (to %s)", path, target)
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("mod file: %w", err)
	}
	f.Close()
	return nil
}

// varFiles lists the variable files Powerpipe loads from a workspace mod root
// (pipe-fittings inputvars.CollectVariableValues), lowest precedence first.
func varFiles(root string, entries []fs.DirEntry, realRoot string, m *ModDir) []string {
	var out []string
	usable := func(name string) bool {
		p := filepath.Join(root, name)
		fi, err := os.Stat(p)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				m.skip(p, "variable file not readable: "+source.Reason(err))
			} else if _, lerr := os.Lstat(p); lerr == nil {
				m.skip(p, "broken symlink")
			}
			return false
		}
		if !fi.Mode().IsRegular() {
			return false
		}
		if target, err := filepath.EvalSymlinks(p); err != nil || !fspath.Within(target, realRoot) {
			m.skip(p, "variable file links outside the mod root; skipped")
			return false
		}
		f, err := os.Open(p)
		if err != nil {
			m.skip(p, "variable file not readable: "+source.Reason(err))
			return false
		}
		f.Close()
		return true
	}
	has := func(name string) bool {
		for _, e := range entries {
			if e.Name() == name {
				return true
			}
		}
		return false
	}
	// steampipe.spvars only when powerpipe.ppvars does not exist at all
	// (Powerpipe checks existence with os.Stat, not readability).
	if has(varsFile) {
		if usable(varsFile) {
			out = append(out, filepath.Join(root, varsFile))
		}
	} else if has(legacyVarsFile) && usable(legacyVarsFile) {
		out = append(out, filepath.Join(root, legacyVarsFile))
	}
	for _, e := range entries { // os.ReadDir sorts by name
		name := e.Name()
		if (strings.HasSuffix(name, ".auto.ppvars") || strings.HasSuffix(name, ".auto.spvars")) && usable(name) {
			out = append(out, filepath.Join(root, name))
		}
	}
	return out
}

// discoverDeps finds the dependency mods installed under
// Root/.powerpipe/mods and reads the lock file.
func (m *ModDir) discoverDeps(ctx context.Context) {
	lockPath := filepath.Join(m.Root, LockFileName)
	if data, err := os.ReadFile(lockPath); err == nil {
		if l, err := ParseLock(data); err == nil {
			l.Path = lockPath
			m.Lock = l
		} else {
			m.note(lockPath, "lock file not parsed: "+err.Error())
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		m.note(lockPath, "lock file not read: "+source.Reason(err))
	}

	modsDir := filepath.Join(m.Root, dataDir, "mods")
	if fi, err := os.Stat(modsDir); err == nil && fi.IsDir() {
		if realRoot, err := filepath.EvalSymlinks(m.Root); err == nil {
			s := &treeScan{
				ctx:      ctx,
				realRoot: realRoot,
				note:     m.note,
				found: func(dir, rel string) {
					if rel != "" {
						m.addDep(ctx, dir, rel)
					}
				},
			}
			s.run(modsDir, fi)
		}
	}
	slices.SortFunc(m.Deps, func(a, b *ModDir) int { return strings.Compare(a.InstallPath, b.InstallPath) })

	if m.Lock == nil {
		return
	}
	byPath := map[string]*ModDir{}
	for _, d := range m.Deps {
		byPath[d.InstallPath] = d
	}
	parents := make([]string, 0, len(m.Lock.Parents))
	for p := range m.Lock.Parents {
		parents = append(parents, p)
	}
	// The root's own entries first, then the others in a stable order.
	slices.SortFunc(parents, func(a, b string) int {
		if (a == m.Lock.RootKey) != (b == m.Lock.RootKey) {
			if a == m.Lock.RootKey {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	missing := map[string]bool{}
	for _, p := range parents {
		for _, e := range sortedLock(m.Lock.Parents[p]) {
			if e.FilePath != "" && e.Version == "" && e.Tag == "" && e.Branch == "" {
				continue // local path dependency: read in place, not installed
			}
			ip := e.InstallPath()
			if d := byPath[ip]; d != nil {
				if d.Locked == nil {
					d.Locked = &e
				}
			} else if !missing[ip] {
				missing[ip] = true
				m.note(filepath.Join(modsDir, filepath.FromSlash(ip)), fmt.Sprintf("lock file lists %s (required by %s) but it is not installed; run 'powerpipe mod install'", ip, p))
			}
		}
	}
}

// addDep discovers the dependency mod installed in dir (rel is its install
// path) and adds it to m.Deps.
func (m *ModDir) addDep(ctx context.Context, dir, rel string) {
	last := rel[strings.LastIndexByte(rel, '/')+1:]
	if !strings.Contains(last, "@") && !strings.Contains(last, "#") {
		m.note(dir, "dependency folder name is not <module>@<version> or <module>#<branch>; Powerpipe will not match it to a requirement")
	}
	dep, err := discoverMod(ctx, dir, rel)
	if err != nil {
		m.note(dir, "dependency mod not read: "+err.Error())
		return
	}
	m.Deps = append(m.Deps, dep)
}

// treeScan searches a folder tree for mod roots: a folder holding mod.pp
// or mod.sp is reported to found and not descended into. Symlinked folders
// are followed after the real tree (so a mod reachable both ways is reported
// under its real path), only when their target stays inside realRoot, and
// every folder is searched once.
type treeScan struct {
	ctx      context.Context // stops the search at the next folder
	realRoot string
	skip     func(name string) bool // folders not to enter; nil enters all
	found    func(dir, rel string)  // rel is slash-separated, "" for the start folder
	note     func(path, msg string)
	maxDirs  int // 0 for no limit

	seen    dirSet
	pending []link
	count   int
}

func (s *treeScan) run(dir string, fi os.FileInfo) {
	s.visit(dir, "", fi)
	for len(s.pending) > 0 {
		l := s.pending[0]
		s.pending = s.pending[1:]
		if prev := s.seen.lookup(l.info); prev != "" {
			s.note(l.path, revisitMsg(prev, isLoop(l)))
			continue
		}
		s.visit(l.path, l.rel, l.info)
	}
}

func (s *treeScan) visit(dir, rel string, fi os.FileInfo) {
	if s.ctx.Err() != nil {
		return
	}
	if s.maxDirs > 0 {
		if s.count++; s.count > s.maxDirs {
			if s.count == s.maxDirs+1 {
				s.note(dir, fmt.Sprintf("stopped looking for mods after %d folders", s.maxDirs))
			}
			return
		}
	}
	if prev := s.seen.add(dir, fi); prev != "" {
		s.note(dir, revisitMsg(prev, false))
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		s.note(dir, "directory not readable: "+source.Reason(err))
		if len(entries) == 0 {
			return
		}
	}
	for _, e := range entries {
		if n := e.Name(); (n == ModFileName || n == LegacyModFileName) && !e.IsDir() {
			s.found(dir, rel)
			return
		}
	}
	for _, e := range entries {
		name := e.Name()
		if s.skip != nil && s.skip(name) {
			continue
		}
		path := filepath.Join(dir, name)
		childRel := name
		if rel != "" {
			childRel = rel + "/" + name
		}
		switch {
		case e.Type()&fs.ModeSymlink != 0:
			fi, err := os.Stat(path)
			if err != nil || !fi.IsDir() {
				continue // a broken link or a file: nothing to search
			}
			target, err := filepath.EvalSymlinks(path)
			if err != nil {
				s.note(path, "symlink not followed: "+source.Reason(err))
				continue
			}
			if !fspath.Within(target, s.realRoot) {
				s.note(path, "symlink points outside "+s.realRoot+" (to "+target+"); skipped")
				continue
			}
			s.pending = append(s.pending, link{path: path, rel: childRel, target: target, info: fi})
		case e.IsDir():
			fi, err := e.Info()
			if err != nil {
				s.note(path, "directory not readable: "+source.Reason(err))
				continue
			}
			s.visit(path, childRel, fi)
		}
	}
}

// file is a source file found by the walker.
type file struct {
	rel string // slash-separated, relative to the mod root: the sort key
	abs string
}

// parallelism bounds how many directories one walk reads at once. The
// walk is almost all system calls (a directory read and one stat per source
// file), so reading directories concurrently hides their latency.
const parallelism = 8

// walker lists the source files of one mod. Directories are read
// concurrently; symlinked directories are queued and walked afterwards, one
// at a time in path order, so that a directory reachable both directly and
// through a link is listed under its real path and the result does not
// depend on scheduling. Results are sorted by the caller.
type walker struct {
	ctx      context.Context // stops the walk at the next folder
	realRoot string
	defaults bool    // apply the hidden-entries-at-root exclusion
	ignore   *Ignore // nil for none

	wg  sync.WaitGroup
	sem chan struct{}

	mu      sync.Mutex // guards the fields below
	seen    dirSet
	files   []file
	notes   []Note
	pending []link // symlinked directories, walked after the real tree
}

// link is a symlinked directory waiting to be walked.
type link struct {
	path, rel, target string
	info              os.FileInfo // the target's stat
}

// batch collects what one directory visit found, merged into the walker
// under its lock once the directory is done.
type batch struct {
	files   []file
	notes   []Note
	pending []link
}

func (b *batch) note(path, msg string) { b.notes = append(b.notes, Note{Path: path, Message: msg}) }

// skip notes an entry whose files are not read (see Note.Skipped).
func (b *batch) skip(path, msg string) {
	b.notes = append(b.notes, Note{Path: path, Message: msg, Skipped: true})
}

// run walks the tree at root, whose stat is fi and entries are already read.
func (w *walker) run(root string, fi os.FileInfo, entries []fs.DirEntry) {
	w.sem = make(chan struct{}, parallelism)
	w.visit(root, "", fi, entries, nil)
	w.wg.Wait()
	for len(w.pending) > 0 {
		slices.SortFunc(w.pending, func(a, b link) int { return strings.Compare(a.rel, b.rel) })
		l := w.pending[0]
		w.pending = w.pending[1:]
		w.visit(l.path, l.rel, l.info, nil, &l)
		w.wg.Wait()
	}
}

// spawn visits a directory on another goroutine.
func (w *walker) spawn(dir, rel string, fi os.FileInfo) {
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		w.sem <- struct{}{}
		defer func() { <-w.sem }()
		w.visit(dir, rel, fi, nil, nil)
	}()
}

// visit lists dir (whose relative path is rel and whose stat is fi). entries
// may be passed when the caller has already read the directory; via is the
// link that led here, if any.
func (w *walker) visit(dir, rel string, fi os.FileInfo, entries []fs.DirEntry, via *link) {
	if w.ctx.Err() != nil {
		return
	}
	var b batch
	defer w.merge(&b)
	w.mu.Lock()
	prev := w.seen.add(dir, fi)
	w.mu.Unlock()
	if prev != "" {
		if via != nil && isLoop(*via) {
			b.skip(dir, revisitMsg(prev, true))
		} else {
			b.note(dir, revisitMsg(prev, false))
		}
		return
	}
	if entries == nil {
		var err error
		entries, err = os.ReadDir(dir)
		if err != nil {
			b.skip(dir, "directory not readable: "+source.Reason(err))
			if len(entries) == 0 {
				return
			}
		}
	}
	sep := string(filepath.Separator)
	for _, e := range entries {
		name := e.Name()
		if rel == "" && w.defaults && name[0] == '.' {
			continue
		}
		path := dir + sep + name
		childRel := name
		if rel != "" {
			childRel = rel + "/" + name
		}
		typ := e.Type()
		if typ&fs.ModeSymlink != 0 {
			w.link(&b, path, childRel, name)
			continue
		}
		if typ.IsDir() {
			if w.ignore.Match(childRel, true) {
				continue
			}
			info, err := e.Info()
			if err != nil {
				b.skip(path, "directory not readable: "+source.Reason(err))
				continue
			}
			w.spawn(path, childRel, info)
			continue
		}
		if !typ.IsRegular() || !isSource(name) || w.ignore.Match(childRel, false) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			b.skip(path, "file not readable: "+source.Reason(err))
			continue
		}
		w.addFile(&b, path, childRel, name, info, rel != "")
	}
}

func (w *walker) merge(b *batch) {
	if len(b.files)+len(b.notes)+len(b.pending) == 0 {
		return
	}
	w.mu.Lock()
	w.files = append(w.files, b.files...)
	w.notes = append(w.notes, b.notes...)
	w.pending = append(w.pending, b.pending...)
	w.mu.Unlock()
}

// link handles a symlink found at path: a link to a source file is listed
// like the file itself; a link to a directory is queued.
func (w *walker) link(b *batch, path, rel, name string) {
	// Stat first so that ignored or irrelevant links cost no notes.
	fi, err := os.Stat(path)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			b.skip(path, "symlink not followed: "+source.Reason(err))
		} else if isSource(name) {
			b.skip(path, "broken symlink")
		}
		return
	}
	isDir := fi.IsDir()
	if !isDir && (!fi.Mode().IsRegular() || !isSource(name)) {
		return
	}
	if w.ignore.Match(rel, isDir) {
		return
	}
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		b.skip(path, "symlink not followed: "+source.Reason(err))
		return
	}
	if !fspath.Within(target, w.realRoot) {
		b.skip(path, "symlink points outside the mod root (to "+target+"); skipped")
		return
	}
	if isDir {
		b.pending = append(b.pending, link{path: path, rel: rel, target: target, info: fi})
		return
	}
	w.addFile(b, path, rel, name, fi, strings.Contains(rel, "/"))
}

// addFile lists a source file after checking that it can be read; fi is its
// stat (following links). nested is true below the root, where a mod file is
// suspicious.
//
// Opening every file would cost three more system calls per file (about
// 15µs on a slow VM, which made the check dominate discovery), so a file
// whose permission bits let everyone read it is taken as readable; only the
// others are opened. ACLs or security modules that deny a world-readable
// file are caught when the file is read, not here.
func (w *walker) addFile(b *batch, path, rel, name string, fi os.FileInfo, nested bool) {
	if fi.Mode().Perm()&0o444 != 0o444 {
		f, err := os.Open(path)
		if err != nil {
			b.skip(path, "file not readable: "+source.Reason(err))
			return
		}
		f.Close()
	}
	if nested && (name == ModFileName || name == LegacyModFileName) {
		b.note(path, "nested mod file: Powerpipe loads this folder as part of the enclosing mod and ignores this mod block")
	}
	b.files = append(b.files, file{rel: rel, abs: path})
}

// isLoop reports whether the linked folder l contains the link itself.
func isLoop(l link) bool {
	parent, err := filepath.EvalSymlinks(filepath.Dir(l.path))
	return err == nil && fspath.Within(parent, l.target)
}

// dirSet records the directories walked so far, identified by device and
// inode, so that a symlink back to an ancestor (a loop) or to a directory
// already walked is not followed again. Walkers visit symlinked directories
// only after the real tree, so a loop always shows up as a directory already
// recorded; isLoop tells the two cases apart for the note.
type dirSet struct {
	byKey map[[2]uint64]string // device+inode -> first path walked
	other []seenDir            // when the platform exposes no inode: compared with os.SameFile
}

type seenDir struct {
	fi   os.FileInfo
	path string
}

// add records dir and returns "", or returns the path under which the same
// directory was recorded before.
func (s *dirSet) add(dir string, fi os.FileInfo) (prev string) {
	if p := s.lookup(fi); p != "" {
		return p
	}
	if key, ok := fileKey(fi); ok {
		if s.byKey == nil {
			s.byKey = map[[2]uint64]string{}
		}
		s.byKey[key] = dir
	} else {
		s.other = append(s.other, seenDir{fi, dir})
	}
	return ""
}

// lookup returns the path under which the directory fi was recorded, or "".
func (s *dirSet) lookup(fi os.FileInfo) string {
	if key, ok := fileKey(fi); ok {
		return s.byKey[key]
	}
	for _, o := range s.other {
		if os.SameFile(o.fi, fi) {
			return o.path
		}
	}
	return ""
}

func revisitMsg(prev string, loop bool) string {
	if loop {
		return "symlink loop: this directory is " + prev + ", which contains it; not walked again"
	}
	return "same directory as " + prev + ", already walked; not walked again"
}

// fileKey returns the device and inode numbers of fi. It reads the Dev and
// Ino fields of the platform stat structure (syscall.Stat_t on Linux, macOS
// and the BSDs) by reflection, which keeps this file free of build tags; on
// platforms without them (Windows) ok is false and callers fall back to
// os.SameFile.
func fileKey(fi os.FileInfo) (key [2]uint64, ok bool) {
	v := reflect.ValueOf(fi.Sys())
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return key, false
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return key, false
	}
	for i, name := range [2]string{"Dev", "Ino"} {
		f := v.FieldByName(name)
		switch {
		case !f.IsValid():
			return key, false
		case f.CanUint():
			key[i] = f.Uint()
		case f.CanInt():
			key[i] = uint64(f.Int())
		default:
			return key, false
		}
	}
	return key, true
}

// isSource reports whether name has a mod source extension (.pp, .sp).
func isSource(name string) bool {
	return strings.HasSuffix(name, ".pp") || strings.HasSuffix(name, ".sp")
}

func (m *ModDir) note(path, msg string) {
	m.Notes = append(m.Notes, Note{Path: path, Message: msg})
}

// skip notes an entry whose files are not read (see Note.Skipped).
func (m *ModDir) skip(path, msg string) {
	m.Notes = append(m.Notes, Note{Path: path, Message: msg, Skipped: true})
}

// Workspace finds every mod for a set of workspace roots. For each
// root it takes the mod containing it (FindModRoot); when there is none, it
// looks below the root for mods (a folder of several mods, e.g. a monorepo):
// every directory holding mod.pp/mod.sp, without descending into a mod found
// this way, skipping hidden directories and node_modules. Mods reached from
// several roots are returned once. The result is in root order, mods found
// below one root sorted by path. Notes cover roots with no mod and what the
// search below a root had to skip; each mod's own notes stay on the ModDir.
// When ctx ends it stops at the next folder and returns what it found by
// then, which the caller discards.
func Workspace(ctx context.Context, roots []string) ([]*ModDir, []Note) {
	var (
		mods  []*ModDir
		notes []Note
		done  = map[string]bool{}
		infos []os.FileInfo // roots already discovered, to spot one mod reached by two paths
	)
	note := func(path, msg string) { notes = append(notes, Note{Path: path, Message: msg}) }
	add := func(root string) {
		if done[root] {
			return
		}
		done[root] = true
		if fi, err := os.Stat(root); err == nil {
			for _, o := range infos {
				if os.SameFile(o, fi) {
					return
				}
			}
			infos = append(infos, fi)
		}
		m, err := Mod(ctx, root)
		if err != nil {
			notes = append(notes, Note{Path: root, Message: "mod not read: " + err.Error(), Skipped: true})
			return
		}
		mods = append(mods, m)
	}
	for _, r := range roots {
		if ctx.Err() != nil {
			break
		}
		abs, err := filepath.Abs(r)
		if err != nil {
			note(r, "workspace root not usable: "+err.Error())
			continue
		}
		if root, ok := FindModRoot(abs); ok {
			add(root)
			continue
		}
		fi, err := os.Stat(abs)
		if err != nil || !fi.IsDir() {
			msg := "not a folder"
			if err != nil {
				msg = source.Reason(err)
			}
			note(abs, "workspace root not readable: "+msg)
			continue
		}
		realRoot, err := filepath.EvalSymlinks(abs)
		if err != nil {
			note(abs, "workspace root not readable: "+source.Reason(err))
			continue
		}
		var found []string
		s := &treeScan{
			ctx:      ctx,
			realRoot: realRoot,
			skip:     func(name string) bool { return name[0] == '.' || name == "node_modules" },
			found:    func(dir, _ string) { found = append(found, dir) },
			note:     note,
			maxDirs:  maxScanDirs,
		}
		s.run(abs, fi)
		if len(found) == 0 {
			note(abs, "no mod.pp or mod.sp in this folder, its parents or its sub-folders")
		}
		slices.Sort(found)
		for _, root := range found {
			add(root)
		}
	}
	return mods, notes
}
